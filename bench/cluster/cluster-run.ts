/**
 * One measurement of the cluster benchmark: N collab-server instances (separate processes, the
 * bundle `npm start` runs) on one store, the clients of each document spread round-robin over the
 * instances, the writers typing at a steady rate for the window; then latencies (same-instance and
 * cross-instance deliveries apart), deliveries, and each instance's CPU and memory from /proc.
 * The load generators and their protocol are the fan-out suite's.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { sharedNowMs } from '../fanout/clock'
import { Generator } from '../fanout/generators'
import type { ClientSpec } from '../fanout/messages'
import { cpuSeconds, difference, peakRssMiB, rssMiB } from '../fanout/proc-stats'
import { createSpanwiseDocuments, startServer, type ServerProcess } from '../fanout/servers'
import { summarize, type LatencySummary } from '../lib/stats'

/** The load: R documents × C clients, the first W clients of each typing `ratePerWriter` keystrokes/s. */
export interface ClusterShape {
  readonly rooms: number
  readonly clientsPerRoom: number
  readonly writersPerRoom: number
  readonly ratePerWriter: number
  readonly windowMs: number
  readonly drainTimeoutMs: number
  readonly generators: number
}

/** Where the instances keep documents: SQLite in their data directory, or one PostgreSQL + one Redis. */
export type ClusterStore = { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly databaseUrl: string; readonly redisUrl: string }

/** One instance's figures; null where /proc could not be read. */
export interface InstanceFigures {
  readonly clients: number
  readonly cpuSeconds: number | null
  /** CPU seconds ÷ wall seconds of the window and the drain, × 100 (100 = one core). */
  readonly cpuPercent: number | null
  readonly idleRssMiB: number | null
  readonly peakRssMiB: number | null
}

export interface ClusterRunResult {
  readonly instances: number
  readonly connected: number
  readonly connectFailed: number
  readonly connectError: string | null
  readonly sent: number
  /** sent × (C − 1). */
  readonly expected: number
  readonly delivered: number
  readonly disconnects: Readonly<Record<string, number>>
  readonly all: LatencySummary
  /** Deliveries to a client on the writer's own instance. */
  readonly same: LatencySummary
  /** Deliveries to a client on another instance (through Redis). */
  readonly cross: LatencySummary
  readonly perInstance: readonly InstanceFigures[]
  readonly measuredSeconds: number
  readonly drainMs: number
}

const CONNECT_TIMEOUT_MS = 60_000
const ASK_TIMEOUT_MS = 180_000
const PROGRESS_POLL_MS = 100

function roomNames(prefix: string, rooms: number): string[] {
  return Array.from({ length: rooms }, (_, index) => `${prefix}-r${String(index).padStart(3, '0')}`)
}

/** Client c of document r → generator (r × C + c) mod G, instance c mod N (round-robin within each document). */
function assignClients(shape: ClusterShape, rooms: readonly string[], instances: readonly ServerProcess[]) {
  const shares: ClientSpec[][] = Array.from({ length: shape.generators }, () => [])
  const writerInstances: Record<string, number> = {}
  rooms.forEach((room, r) => {
    for (let index = 0; index < shape.clientsPerRoom; index += 1) {
      const instance = index % instances.length
      const writer = index < shape.writersPerRoom
      if (writer) writerInstances[`${room}/${index}`] = instance
      shares[(r * shape.clientsPerRoom + index) % shape.generators].push({ room, index, writer, instance, serverUrl: instances[instance].wsUrl })
    }
  })
  return { shares, writerInstances }
}

function storeEnv(store: ClusterStore): Record<string, string> {
  return store.kind === 'postgres' ? { DATABASE_URL: store.databaseUrl, REDIS_URL: store.redisUrl } : {}
}

/** Starts `count` instances on `store` (each its own data directory), runs the load, stops everything it started. */
export async function runCluster(count: number, store: ClusterStore, prefix: string, shape: ClusterShape, root: string, dataRoot: string): Promise<ClusterRunResult> {
  const starting = Array.from({ length: shape.generators }, () => Generator.start(root, ASK_TIMEOUT_MS))
  const generators: Generator[] = []
  const generatorsStarted = Promise.allSettled(starting).then((outcomes) => {
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') generators.push(outcome.value)
    const failure = outcomes.find((outcome) => outcome.status === 'rejected')
    if (failure) throw failure.reason
  })
  // Handled (awaited) below; this keeps a generator failing while the instances start from being an unhandled rejection.
  generatorsStarted.catch(() => undefined)
  const instances: ServerProcess[] = []
  try {
    const outcomes = await Promise.allSettled(
      Array.from({ length: count }, (_, index) => {
        const dir = path.join(dataRoot, `instance-${index}`)
        mkdirSync(dir, { recursive: true })
        return startServer('spanwise', root, dir, [], storeEnv(store))
      }),
    )
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') instances.push(outcome.value)
    const failure = outcomes.find((outcome) => outcome.status === 'rejected')
    if (failure) throw failure.reason
    await generatorsStarted
    return await drive(shape, roomNames(prefix, shape.rooms), instances, generators)
  } finally {
    await generatorsStarted.catch(() => undefined)
    for (const generator of generators) generator.kill()
    await Promise.all(instances.map((instance) => instance.stop()))
  }
}

function mergeCounts(counts: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const merged: Record<string, number> = {}
  for (const entry of counts) for (const [key, value] of Object.entries(entry)) merged[key] = (merged[key] ?? 0) + value
  return merged
}

async function drive(shape: ClusterShape, rooms: readonly string[], instances: readonly ServerProcess[], generators: readonly Generator[]): Promise<ClusterRunResult> {
  // One instance creates the documents; with PostgreSQL every instance sees them.
  await createSpanwiseDocuments(instances[0].httpUrl, rooms)
  const idleRss = instances.map((instance) => rssMiB(instance.pid))
  const { shares, writerInstances } = assignClients(shape, rooms, instances)
  const readies = await Promise.all(
    generators.map((generator, index) =>
      generator.ask(
        { type: 'setup', mode: 'yjs', serverUrl: instances[0].wsUrl, clients: shares[index], connectTimeoutMs: CONNECT_TIMEOUT_MS, writerInstances },
        'ready',
        CONNECT_TIMEOUT_MS + ASK_TIMEOUT_MS,
      ),
    ),
  )
  await sleep(300)

  const cpuStart = instances.map((instance) => cpuSeconds(instance.pid))
  const wallStart = sharedNowMs()
  const startAt = wallStart + 200
  const endAt = startAt + shape.windowMs
  for (const generator of generators) generator.send({ type: 'measure', startAt, endAt, intervalMs: 1000 / shape.ratePerWriter })
  await sleep(Math.max(0, endAt - sharedNowMs()))

  let drainMs = 0
  for (;;) {
    const progress = await Promise.all(generators.map((generator) => generator.ask({ type: 'progress' }, 'progress', ASK_TIMEOUT_MS)))
    const sent = progress.reduce((total, entry) => total + entry.sent, 0)
    const received = progress.reduce((total, entry) => total + entry.received, 0)
    drainMs = Math.max(0, sharedNowMs() - endAt)
    if (received >= sent * (shape.clientsPerRoom - 1) || drainMs >= shape.drainTimeoutMs) break
    await sleep(PROGRESS_POLL_MS)
  }
  const measuredSeconds = (sharedNowMs() - wallStart) / 1000
  const cpu = instances.map((instance, index) => difference(cpuSeconds(instance.pid), cpuStart[index] ?? null))
  const peakRss = instances.map((instance) => peakRssMiB(instance.pid))
  const finished = await Promise.all(generators.map((generator) => generator.ask({ type: 'finish' }, 'finished', ASK_TIMEOUT_MS)))

  const same: number[] = []
  const cross: number[] = []
  for (const entry of finished) entry.latencies.forEach((latency, index) => (entry.crossInstance[index] === 1 ? cross : same).push(latency))
  const sent = finished.reduce((total, entry) => total + entry.sent, 0)
  const clientsOf = (instance: number) => shares.flat().filter((spec) => spec.instance === instance).length
  return {
    instances: instances.length,
    connected: readies.reduce((total, ready) => total + ready.connected, 0),
    connectFailed: readies.reduce((total, ready) => total + ready.failed, 0),
    connectError: readies.find((ready) => ready.firstError !== null)?.firstError ?? null,
    sent,
    expected: sent * (shape.clientsPerRoom - 1),
    delivered: finished.reduce((total, entry) => total + entry.received, 0),
    disconnects: mergeCounts(finished.map((entry) => entry.disconnects)),
    all: summarize([...same, ...cross]),
    same: summarize(same),
    cross: summarize(cross),
    perInstance: instances.map((_, index) => {
      const seconds = cpu[index] ?? null
      return {
        clients: clientsOf(index),
        cpuSeconds: seconds,
        cpuPercent: seconds === null ? null : (seconds / measuredSeconds) * 100,
        idleRssMiB: idleRss[index] ?? null,
        peakRssMiB: peakRss[index] ?? null,
      }
    }),
    measuredSeconds,
    drainMs,
  }
}

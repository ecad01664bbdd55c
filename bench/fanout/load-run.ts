/**
 * One measurement of the fan-out benchmark: one server, one load shape. Starts the server,
 * connects every client (warm-up: connect and sync), lets the writers type for the measured
 * window, waits until every update reached every other client of its room (or the drain
 * timeout), and collects latencies, deliveries, and the CPU and memory of the server and of the
 * generators.
 */
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { summarize, type LatencySummary } from '../lib/stats'
import { sharedNowMs } from './clock'
import { Generator } from './generators'
import type { ClientSpec } from './messages'
import { cpuSeconds, difference, peakRssMiB, rssMiB } from './proc-stats'
import { CLIENT_MODE, createSpanwiseDocuments, startServer, type ServerKind, type ServerProcess } from './servers'

/** The load: R rooms × C clients, W writers per room typing `ratePerWriter` keystrokes/s. */
export interface LoadShape {
  readonly rooms: number
  readonly clientsPerRoom: number
  readonly writersPerRoom: number
  readonly ratePerWriter: number
  readonly windowMs: number
  /** After the window, wait at most this long for the last deliveries. */
  readonly drainTimeoutMs: number
  /** Number of load-generator processes the clients are spread over. */
  readonly generators: number
}

/** What one run measured; null where a figure could not be measured. */
export interface RunResult {
  readonly server: ServerKind
  readonly connected: number
  readonly connectFailed: number
  readonly connectError: string | null
  /** Keystrokes (updates) the writers made in the window. */
  readonly sent: number
  /** sent × (clients per room − 1): every update to every other client of its room. */
  readonly expected: number
  readonly delivered: number
  /** Connections closed after their client was ready, by cause (the clients reconnect). */
  readonly disconnects: Readonly<Record<string, number>>
  readonly latency: LatencySummary
  readonly updatesPerSecond: number
  readonly deliveriesPerSecond: number
  /** Server CPU over the window and the drain. */
  readonly serverCpuSeconds: number | null
  /** Server CPU while the clients connected and synced (warm-up). */
  readonly serverConnectCpuSeconds: number | null
  /** Server RSS after start (and, for Spanwise, creating the documents), before any client. */
  readonly serverIdleRssMiB: number | null
  readonly serverPeakRssMiB: number | null
  /** Sum over the generator processes, over the window and the drain. */
  readonly generatorCpuSeconds: number | null
  /** Time from the end of the window until the last delivery was seen (or the drain timeout). */
  readonly drainMs: number
}

const CONNECT_TIMEOUT_MS = 60_000
/** A saturated generator answers late (its IPC message waits behind the socket backlog). */
const ASK_TIMEOUT_MS = 180_000
const PROGRESS_POLL_MS = 100

/** The room names of a load (also Spanwise's document ids). */
function roomNames(rooms: number): string[] {
  return Array.from({ length: rooms }, (_, index) => `fanout-r${String(index).padStart(3, '0')}`)
}

/**
 * The clients of each generator: client c of room r goes to generator (r × C + c) mod G, so the
 * clients of a room (and its writers, clients 0 … W−1) are spread over the generators.
 */
function assignClients(shape: LoadShape): ClientSpec[][] {
  const shares: ClientSpec[][] = Array.from({ length: shape.generators }, () => [])
  roomNames(shape.rooms).forEach((room, r) => {
    for (let index = 0; index < shape.clientsPerRoom; index += 1) {
      shares[(r * shape.clientsPerRoom + index) % shape.generators].push({ room, index, writer: index < shape.writersPerRoom })
    }
  })
  return shares
}

function mergeCounts(counts: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const merged: Record<string, number> = {}
  for (const entry of counts) for (const [key, value] of Object.entries(entry)) merged[key] = (merged[key] ?? 0) + value
  return merged
}

function sum(values: readonly (number | null)[]): number | null {
  return values.some((value) => value === null) ? null : values.reduce<number>((total, value) => total + (value ?? 0), 0)
}

/**
 * Node options for the server process: with `BENCH_FANOUT_CPU_PROF=<dir>`, each server writes a
 * V8 CPU profile (`--cpu-prof`) to that directory when it stops, for finding where its time goes.
 */
function profilingArgs(): string[] {
  const dir = process.env.BENCH_FANOUT_CPU_PROF
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(dir)}`] : []
}

/** Runs one server under one load; `dataRoot` is a fresh directory for the server's files. */
export async function runLoad(kind: ServerKind, shape: LoadShape, root: string, dataRoot: string, log: (line: string) => void): Promise<RunResult> {
  // The generators load their modules while the server starts.
  const starting = Array.from({ length: shape.generators }, () => Generator.start(root, ASK_TIMEOUT_MS))
  const generators: Generator[] = []
  const started = Promise.allSettled(starting).then((outcomes) => {
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') generators.push(outcome.value)
    const failure = outcomes.find((outcome) => outcome.status === 'rejected')
    if (failure) throw failure.reason
  })
  let server: ServerProcess | null = null
  try {
    server = await startServer(kind, root, path.join(dataRoot, kind), profilingArgs())
    await started
    return await drive(kind, shape, server, generators, log)
  } finally {
    await started.catch(() => undefined)
    for (const generator of generators) generator.kill()
    await server?.stop()
  }
}

/** The measurement proper, with the server listening and the generators started. */
async function drive(kind: ServerKind, shape: LoadShape, server: ServerProcess, generators: readonly Generator[], log: (line: string) => void): Promise<RunResult> {
  if (kind === 'spanwise') await createSpanwiseDocuments(server.httpUrl, roomNames(shape.rooms))
  const serverIdleRssMiB = rssMiB(server.pid)
  const shares = assignClients(shape)

  const beforeConnect = cpuSeconds(server.pid)
  const readies = await Promise.all(
    generators.map((generator, index) =>
      generator.ask(
        { type: 'setup', mode: CLIENT_MODE[kind], serverUrl: server.wsUrl, clients: shares[index], connectTimeoutMs: CONNECT_TIMEOUT_MS },
        'ready',
        CONNECT_TIMEOUT_MS + ASK_TIMEOUT_MS,
      ),
    ),
  )
  const connected = readies.reduce((total, ready) => total + ready.connected, 0)
  const connectFailed = readies.reduce((total, ready) => total + ready.failed, 0)
  const connectError = readies.find((ready) => ready.firstError !== null)?.firstError ?? null
  if (connectFailed > 0) log(`fanout: ${kind}: ${connectFailed} clients did not connect (${connectError})`)
  await sleep(300)

  const serverCpuStart = cpuSeconds(server.pid)
  const generatorCpuStart = generators.map((generator) => (generator.pid === null ? null : cpuSeconds(generator.pid)))
  const startAt = sharedNowMs() + 200
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

  const serverCpuSeconds = difference(cpuSeconds(server.pid), serverCpuStart)
  const generatorCpuSeconds = sum(generators.map((generator, index) => (generator.pid === null ? null : difference(cpuSeconds(generator.pid), generatorCpuStart[index] ?? null))))
  const serverPeakRssMiB = peakRssMiB(server.pid)
  const finished = await Promise.all(generators.map((generator) => generator.ask({ type: 'finish' }, 'finished', ASK_TIMEOUT_MS)))

  const sent = finished.reduce((total, entry) => total + entry.sent, 0)
  const delivered = finished.reduce((total, entry) => total + entry.received, 0)
  const samples = finished.flatMap((entry) => Array.from(entry.latencies))
  const windowSeconds = shape.windowMs / 1000
  return {
    server: kind,
    connected,
    connectFailed,
    connectError,
    sent,
    expected: sent * (shape.clientsPerRoom - 1),
    delivered,
    disconnects: mergeCounts(finished.map((entry) => entry.disconnects)),
    latency: summarize(samples),
    updatesPerSecond: sent / windowSeconds,
    deliveriesPerSecond: delivered / windowSeconds,
    serverCpuSeconds,
    serverConnectCpuSeconds: difference(serverCpuStart, beforeConnect),
    serverIdleRssMiB,
    serverPeakRssMiB,
    generatorCpuSeconds,
    drainMs,
  }
}

/**
 * One load-generator process of the fan-out benchmark (`node --import tsx
 * bench/fanout/load-process.ts`, started by the suite with an IPC channel). It runs its share of
 * the clients, lets the writers type on the suite's schedule, and reports the deliveries its
 * clients saw. Several run side by side so the generator is less of a bottleneck than one event
 * loop would be; each is measured by the suite (`/proc`) like the servers.
 */
import { createClient, type BenchClient } from './clients'
import { sharedNowMs } from './clock'
import type { ClientSpec, FromGenerator, ToGenerator } from './messages'

const clients: BenchClient[] = []
const writers: BenchClient[] = []
const latencies: number[] = []
/** Parallel to `latencies`: 1 for a delivery from a writer on another server instance. */
const crossInstance: number[] = []
let sent = 0
const disconnects: Record<string, number> = {}
const timers = new Set<NodeJS.Timeout>()

function reply(message: FromGenerator, sent?: () => void): void {
  process.send?.(message, undefined, {}, () => sent?.())
}

/** Where a client reports; deliveries from a writer on another instance than `spec`'s are flagged. */
function sinkFor(spec: ClientSpec, writerInstances: Readonly<Record<string, number>>) {
  return {
    delivered: (latencyMs: number, writer: string) => {
      latencies.push(latencyMs)
      const from = writerInstances[writer]
      crossInstance.push(spec.instance !== undefined && from !== undefined && from !== spec.instance ? 1 : 0)
    },
    disconnected: (cause: string) => void (disconnects[cause] = (disconnects[cause] ?? 0) + 1),
  }
}

/** Connects every client, at most `CONNECTING_AT_ONCE` at a time, each within the timeout. */
async function setup(mode: 'yjs' | 'raw', serverUrl: string, specs: readonly ClientSpec[], timeoutMs: number, writerInstances: Readonly<Record<string, number>>): Promise<void> {
  const CONNECTING_AT_ONCE = 50
  let connected = 0
  let failed = 0
  let firstError: string | null = null
  let next = 0
  const connectOne = async (spec: ClientSpec) => {
    const client = createClient(mode, spec.serverUrl ?? serverUrl, spec, sinkFor(spec, writerInstances))
    clients.push(client)
    if (spec.writer) writers.push(client)
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${spec.room}/${spec.index}: not ready within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      await Promise.race([client.ready, timeout])
      connected += 1
    } catch (error) {
      failed += 1
      firstError ??= error instanceof Error ? error.message : String(error)
    } finally {
      clearTimeout(timer)
    }
  }
  const lane = async () => {
    while (next < specs.length) await connectOne(specs[next++])
  }
  await Promise.all(Array.from({ length: Math.min(CONNECTING_AT_ONCE, specs.length) }, lane))
  reply({ type: 'ready', connected, failed, firstError })
}

/** Each writer types at `startAt + phase + k × intervalMs` for every such time before `endAt`; a late timer catches up. */
function measure(startAt: number, endAt: number, intervalMs: number): void {
  for (const writer of writers) {
    const phase = Math.random() * intervalMs
    let planned = startAt + phase
    const tick = () => {
      while (planned <= sharedNowMs() && planned < endAt) {
        writer.type()
        sent += 1
        planned += intervalMs
      }
      if (planned >= endAt) return
      const timer = setTimeout(
        () => {
          timers.delete(timer)
          tick()
        },
        Math.max(0, planned - sharedNowMs()),
      )
      timers.add(timer)
    }
    const timer = setTimeout(
      () => {
        timers.delete(timer)
        tick()
      },
      Math.max(0, planned - sharedNowMs()),
    )
    timers.add(timer)
  }
}

function finish(): void {
  for (const timer of timers) clearTimeout(timer)
  const report = {
    type: 'finished',
    sent,
    received: latencies.length,
    latencies: Float64Array.from(latencies),
    crossInstance: Uint8Array.from(crossInstance),
    disconnects,
  } as const
  for (const client of clients) client.close()
  // Exit only once the report (up to megabytes of samples) has been written to the channel.
  reply(report, () => process.exit(0))
}

// Every y-websocket provider adds a process 'exit' listener; hundreds of them are expected here.
process.setMaxListeners(0)

process.on('message', (message: ToGenerator) => {
  switch (message.type) {
    case 'setup':
      void setup(message.mode, message.serverUrl, message.clients, message.connectTimeoutMs, message.writerInstances ?? {})
      return
    case 'measure':
      measure(message.startAt, message.endAt, message.intervalMs)
      return
    case 'progress':
      reply({ type: 'progress', sent, received: latencies.length })
      return
    case 'finish':
      finish()
      return
  }
})
process.on('disconnect', () => process.exit(0))
reply({ type: 'hello' })

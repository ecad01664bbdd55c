/**
 * What the fan-out suite and its load-generator processes say to each other over IPC (Node's
 * `advanced` serialization, so latency samples travel as a Float64Array).
 */

/**
 * How the clients talk to the server: `yjs` runs the y-websocket provider (sync protocol,
 * awareness), `raw` sends each local Yjs update as one sync-update frame and applies the frames it
 * receives, for the bare relay, which cannot answer the sync protocol.
 */
export type ClientMode = 'yjs' | 'raw'

/** One client a generator runs. */
export interface ClientSpec {
  readonly room: string
  /** Index of the client in its room (0 … clientsPerRoom − 1). */
  readonly index: number
  readonly writer: boolean
  /** The server this client connects to, when not the setup's `serverUrl` (the cluster suite: one of several instances). */
  readonly serverUrl?: string
  /** Which server instance that is (the cluster suite), to tell same- from cross-instance deliveries. */
  readonly instance?: number
}

/** Suite → generator. */
export type ToGenerator =
  | {
      readonly type: 'setup'
      readonly mode: ClientMode
      readonly serverUrl: string
      readonly clients: readonly ClientSpec[]
      readonly connectTimeoutMs: number
      /** The instance of every writer of the load, by writer id (`<room>/<index>`), when the clients are spread over several instances. */
      readonly writerInstances?: Readonly<Record<string, number>>
    }
  /** Writers type from `startAt` (shared clock, ms) every `intervalMs` until `endAt`, each at a random phase. */
  | { readonly type: 'measure'; readonly startAt: number; readonly endAt: number; readonly intervalMs: number }
  | { readonly type: 'progress' }
  | { readonly type: 'finish' }

/** Counts so far: updates sent by this generator's writers, stamps received by its clients. */
export interface GeneratorProgress {
  readonly sent: number
  readonly received: number
}

/** Generator → suite. */
export type FromGenerator =
  /** Sent once the generator listens for messages (earlier ones could be lost). */
  | { readonly type: 'hello' }
  | { readonly type: 'ready'; readonly connected: number; readonly failed: number; readonly firstError: string | null }
  | ({ readonly type: 'progress' } & GeneratorProgress)
  | ({
      readonly type: 'finished'
      /** One sample per delivery: receiver's apply time − sender's local change time (ms). */
      readonly latencies: Float64Array
      /** Parallel to `latencies`: 1 where the writer was connected to another instance than the receiver (see `writerInstances`), else 0. */
      readonly crossInstance: Uint8Array
      /** Connections closed after their client was ready, by cause ("code 1006", …). */
      readonly disconnects: Readonly<Record<string, number>>
    } & GeneratorProgress)

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { RefusalCounts } from './auth/refusal-counter'
import type { ServerStats } from './http/health'

/** Live values read at each scrape, so nothing is counted twice. */
export interface MetricsSources {
  /** Open rooms and connections right now. */
  readonly stats: () => ServerStats
  /** The refusal counts: the single source of both refusal metrics. */
  readonly refusals: () => RefusalCounts
  /** Bytes queued by every connection (unsent frames and unapplied messages, with their overhead); omitted: 0. */
  readonly queuedBytes?: () => number
}

/** What a room reports about client updates; each call costs a counter increment or a timer. */
export interface UpdateMetrics {
  /** Counts one client update applied to a room's document, of `bytes` bytes. */
  updateApplied(bytes: number): void
  /** Starts timing one `appendUpdate`; call the returned function once it has settled. */
  startPersistenceTimer(): () => void
}

/** Histogram buckets (seconds) for SQLite appends: sub-millisecond to one second. */
const PERSISTENCE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]

/** Sets a counter labelled by `reason` to exactly `counts`, every reason present. */
function mirror(counter: Counter<'reason'>, counts: Readonly<Record<string, number>>): void {
  counter.reset()
  for (const [reason, count] of Object.entries(counts)) counter.inc({ reason }, count)
}

/**
 * The Prometheus metrics of one collab server, in a registry of its own (never prom-client's
 * global one), so several servers in one process do not clash. Gauges and refusal counters read
 * {@link MetricsSources} when scraped; update counts and persistence times are recorded as they
 * happen. `processMetrics` adds prom-client's default Node process metrics.
 */
export class CollabMetrics implements UpdateMetrics {
  readonly registry = new Registry()
  private readonly updates: Counter
  private readonly updateBytes: Counter
  private readonly persistence: Histogram
  private readonly limited: Counter<'reason'>

  constructor(sources: MetricsSources, options: { readonly processMetrics?: boolean } = {}) {
    const registers = [this.registry]
    new Gauge({
      name: 'spanwise_connections',
      help: 'Open websocket connections.',
      registers,
      collect() {
        this.set(sources.stats().connections)
      },
    })
    new Gauge({
      name: 'spanwise_rooms',
      help: 'Documents loaded in memory.',
      registers,
      collect() {
        this.set(sources.stats().rooms)
      },
    })
    this.updates = new Counter({ name: 'spanwise_updates_total', help: 'Client updates applied to documents.', registers })
    this.updateBytes = new Counter({ name: 'spanwise_update_bytes_total', help: 'Bytes of client updates applied.', registers })
    new Counter({
      name: 'spanwise_refused_updates_total',
      help: 'Client updates refused (sender role, unknown content, rate limit), by reason.',
      labelNames: ['reason'],
      registers,
      collect() {
        mirror(this, sources.refusals().updates)
      },
    })
    new Counter({
      name: 'spanwise_refused_connections_total',
      help: 'Websockets refused before reaching a document, by reason.',
      labelNames: ['reason'],
      registers,
      collect() {
        mirror(this, sources.refusals().connections)
      },
    })
    this.persistence = new Histogram({
      name: 'spanwise_persistence_seconds',
      help: 'Duration of each update append to the store.',
      buckets: PERSISTENCE_BUCKETS,
      registers,
    })
    this.limited = new Counter({
      name: 'spanwise_limited_connections_total',
      help: 'Connections closed or refused by a resource limit (queues, memory, quotas, caps), by reason.',
      labelNames: ['reason'],
      registers,
    })
    new Gauge({
      name: 'spanwise_queued_bytes',
      help: 'Bytes queued by all connections: unsent frames and unapplied messages, with their per-frame overhead.',
      registers,
      collect() {
        this.set(sources.queuedBytes?.() ?? 0)
      },
    })
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry })
  }

  /** The `Content-Type` of {@link render}'s output (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType
  }

  /** Every metric in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics()
  }

  updateApplied(bytes: number): void {
    this.updates.inc()
    this.updateBytes.inc(bytes)
  }

  /** Counts one connection closed or refused by a resource limit. */
  connectionLimited(reason: string): void {
    this.limited.inc({ reason })
  }

  startPersistenceTimer(): () => void {
    return this.persistence.startTimer()
  }
}

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
  /** Whether this instance is connected to the cluster's Redis (with `cluster` on: the gauge is only there then). */
  readonly clusterConnected?: () => boolean
}

/** What the cluster reports (issue 15); each call costs a counter increment or an observation. */
export interface ClusterMetrics {
  /** One stored update published to the document's stream (Redis took it). */
  updatePublished(): void
  /** One stored update not published (Redis refused it or was out of reach): the others are asked to read the store. */
  publishFailed(): void
  /** One update of another instance applied here, `ageMs` after it was published (Redis's clock). */
  updateReceived(ageMs: number): void
  /**
   * Open documents were read from the store again: Redis reconnected, this instance was presumed
   * gone, another instance died or asked for it, or an update referred to content the room lacked.
   */
  resynced(documents: number): void
}

/** What a room reports about client updates; each call costs a counter increment or a timer. */
export interface UpdateMetrics {
  /** Counts one client update applied to a room's document, of `bytes` bytes. */
  updateApplied(bytes: number): void
  /** Starts timing one `appendUpdate`; call the returned function once it has settled. */
  startPersistenceTimer(): () => void
  /** The room read its document from the store again (see {@link ClusterMetrics.resynced}). */
  resynced?(documents: number): void
}

/** Histogram buckets (seconds) for store appends: sub-millisecond to one second. */
const PERSISTENCE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]
/** Histogram buckets (seconds) for cross-instance fan-out: a millisecond to five seconds. */
const FANOUT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

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
export class CollabMetrics implements UpdateMetrics, ClusterMetrics {
  readonly registry = new Registry()
  private readonly published: Counter
  private readonly received: Counter
  private readonly fanout: Histogram
  private readonly resyncs: Counter
  private readonly publishFailures: Counter
  private readonly updates: Counter
  private readonly updateBytes: Counter
  private readonly persistence: Histogram
  private readonly limited: Counter<'reason'>

  constructor(sources: MetricsSources, options: { readonly processMetrics?: boolean; readonly cluster?: boolean } = {}) {
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
    if (options.cluster) {
      new Gauge({
        name: 'spanwise_cluster_redis_up',
        help: 'Whether this instance is connected to the cluster Redis (1) or not (0).',
        registers,
        collect() {
          this.set(sources.clusterConnected?.() ? 1 : 0)
        },
      })
    }
    this.published = new Counter({ name: 'spanwise_cluster_published_total', help: 'Stored updates published to the other instances.', registers })
    this.received = new Counter({ name: 'spanwise_cluster_received_total', help: 'Updates of other instances applied here.', registers })
    this.fanout = new Histogram({
      name: 'spanwise_cluster_fanout_seconds',
      help: 'Time from another instance publishing an update to this one applying it (clocks of Redis and this machine).',
      buckets: FANOUT_BUCKETS,
      registers,
    })
    this.resyncs = new Counter({
      name: 'spanwise_cluster_resyncs_total',
      help: 'Open documents read from the store again: Redis reconnected, an instance died or asked for it, or an update referred to missing content.',
      registers,
    })
    this.publishFailures = new Counter({
      name: 'spanwise_cluster_publish_failures_total',
      help: 'Stored updates Redis refused or could not take; the other instances are asked to read the store.',
      registers,
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

  updatePublished(): void {
    this.published.inc()
  }

  publishFailed(): void {
    this.publishFailures.inc()
  }

  updateReceived(ageMs: number): void {
    this.received.inc()
    this.fanout.observe(Math.max(0, ageMs) / 1000)
  }

  resynced(documents: number): void {
    this.resyncs.inc(documents)
  }
}

import { describe, expect, it } from 'vitest'
import type { RefusalCounts } from '../../../collab-server/auth/refusal-counter'
import { RefusalCounter } from '../../../collab-server/auth/refusal-counter'
import { CollabMetrics } from '../../../collab-server/metrics'

function metricsOf(refusals = new RefusalCounter(), stats = { rooms: 2, connections: 5 }) {
  return new CollabMetrics({ stats: () => stats, refusals: (): RefusalCounts => refusals.snapshot() })
}

/** The sample lines (no `# HELP`/`# TYPE`) of metrics whose name starts with `prefix`. */
async function samples(metrics: CollabMetrics, prefix: string): Promise<string[]> {
  return (await metrics.render()).split('\n').filter((line) => line.startsWith(prefix))
}

describe('CollabMetrics', () => {
  it('reads connections and rooms live at each scrape', async () => {
    const stats = { rooms: 2, connections: 5 }
    const metrics = metricsOf(new RefusalCounter(), stats)
    expect(await samples(metrics, 'spanwise_connections')).toEqual(['spanwise_connections 5'])
    stats.connections = 1
    stats.rooms = 0
    expect(await samples(metrics, 'spanwise_connections')).toEqual(['spanwise_connections 1'])
    expect(await samples(metrics, 'spanwise_rooms')).toEqual(['spanwise_rooms 0'])
  })

  it('counts applied updates and their bytes', async () => {
    const metrics = metricsOf()
    metrics.updateApplied(10)
    metrics.updateApplied(32)
    expect(await samples(metrics, 'spanwise_update')).toEqual(['spanwise_updates_total 2', 'spanwise_update_bytes_total 42'])
  })

  it('reports the refusal counter exactly, every reason present', async () => {
    const refusals = new RefusalCounter()
    const metrics = metricsOf(refusals)
    refusals.countUpdate('outside-annotations')
    refusals.countUpdate('outside-annotations')
    refusals.countConnection('expired')
    expect(await samples(metrics, 'spanwise_refused_updates_total')).toEqual([
      'spanwise_refused_updates_total{reason="read-only"} 0',
      'spanwise_refused_updates_total{reason="outside-annotations"} 2',
      'spanwise_refused_updates_total{reason="unresolvable"} 0',
      'spanwise_refused_updates_total{reason="foreign-client"} 0',
      'spanwise_refused_updates_total{reason="invalid-shape"} 0',
      'spanwise_refused_updates_total{reason="rate-limit"} 0',
    ])
    expect(await samples(metrics, 'spanwise_refused_connections_total')).toEqual([
      'spanwise_refused_connections_total{reason="missing"} 0',
      'spanwise_refused_connections_total{reason="malformed"} 0',
      'spanwise_refused_connections_total{reason="expired"} 1',
      'spanwise_refused_connections_total{reason="forged"} 0',
      'spanwise_refused_connections_total{reason="wrong-document"} 0',
      'spanwise_refused_connections_total{reason="revoked"} 0',
      'spanwise_refused_connections_total{reason="origin"} 0',
    ])
    // A second scrape reads the counter again rather than adding to it.
    expect(await samples(metrics, 'spanwise_refused_updates_total{reason="outside-annotations"}')).toEqual(['spanwise_refused_updates_total{reason="outside-annotations"} 2'])
  })

  it('times persistence in a histogram with millisecond buckets', async () => {
    const metrics = metricsOf()
    metrics.startPersistenceTimer()()
    const lines = await samples(metrics, 'spanwise_persistence_seconds')
    expect(lines.filter((line) => line.startsWith('spanwise_persistence_seconds_bucket')).map((line) => line.split('"')[1])).toEqual([
      '0.0005',
      '0.001',
      '0.0025',
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '+Inf',
    ])
    expect(lines).toContain('spanwise_persistence_seconds_bucket{le="1"} 1')
    expect(lines).toContain('spanwise_persistence_seconds_bucket{le="+Inf"} 1')
    expect(lines).toContain('spanwise_persistence_seconds_count 1')
  })

  it('keeps each instance in its own registry, in the Prometheus text format', async () => {
    const [first, second] = [metricsOf(), metricsOf()]
    first.updateApplied(1)
    expect(await samples(second, 'spanwise_updates_total')).toEqual(['spanwise_updates_total 0'])
    expect(first.contentType).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(await first.render()).toContain('# TYPE spanwise_persistence_seconds histogram')
  })

  it('adds the Node process metrics only when asked', async () => {
    const refusals = () => new RefusalCounter().snapshot()
    const stats = () => ({ rooms: 0, connections: 0 })
    const withProcess = new CollabMetrics({ stats, refusals }, { processMetrics: true })
    expect(await withProcess.render()).toContain('process_cpu_seconds_total')
    expect(await metricsOf().render()).not.toContain('process_cpu_seconds_total')
  })
})

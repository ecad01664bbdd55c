import type { ServerResponse } from 'node:http'

/** A source of metrics in a text exposition format. */
export interface MetricsEndpoint {
  /** The `Content-Type` of `render()`'s output. */
  readonly contentType: string
  render(): Promise<string>
}

/** `GET /metrics`: 200 with every metric in the Prometheus text format. */
export async function handleMetrics(res: ServerResponse, metrics: MetricsEndpoint): Promise<void> {
  const body = await metrics.render()
  res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' })
  res.end(body)
}

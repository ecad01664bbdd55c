import type { ServerResponse } from 'node:http'
import type { DocumentStore } from '../persistence/document-store'
import { sendJson } from './json'

/** Live counters reported by the health check. */
export interface ServerStats {
  readonly rooms: number
  readonly connections: number
}

/**
 * `GET /healthz`: 200 `{ status: "ok", store: "ok", rooms, connections }` when the store answers
 * a query, else 503 with `status` and `store` set to "error".
 */
export async function handleHealth(res: ServerResponse, store: DocumentStore, stats: ServerStats): Promise<void> {
  const storeOk = await store.ping().then(
    () => true,
    () => false,
  )
  const status = storeOk ? 'ok' : 'error'
  sendJson(res, storeOk ? 200 : 503, { status, store: status, ...stats })
}

import type { ServerResponse } from 'node:http'
import type { DocumentStore } from '../persistence/document-store'
import { sendJson } from './json'

/** Live counters reported by the health check. */
export interface ServerStats {
  readonly rooms: number
  readonly connections: number
  /**
   * With `REDIS_URL`: whether this instance reaches the cluster's Redis. Reported, not failed on:
   * without Redis an instance still serves and stores its own clients' edits.
   */
  readonly cluster?: 'connected' | 'disconnected'
}

/**
 * `GET /healthz`: 200 `{ status: "ok", store: "ok", rooms, connections }` when the store answers
 * and takes writes; else 503 with `status` and `store` set to "error" and `reason`, e.g.
 * "write failed: database or disk is full (SQLITE_FULL)" (see `DocumentStore.health`).
 */
export async function handleHealth(res: ServerResponse, store: DocumentStore, stats: ServerStats): Promise<void> {
  const health = await store.health()
  if (health.ok) sendJson(res, 200, { status: 'ok', store: 'ok', ...stats })
  else sendJson(res, 503, { status: 'error', store: 'error', reason: health.reason, ...stats })
}

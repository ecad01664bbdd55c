/**
 * Where the persistence suite's document is stored, and how its processes open that store: the
 * SQLite file in a data directory, or a PostgreSQL database (as the server opens either).
 */
import type { DocumentStore } from '../../collab-server/persistence/document-store'
import { PostgresStore } from '../../collab-server/persistence/postgres-store'
import { SqliteStore } from '../../collab-server/persistence/sqlite-store'

/** The store's location, passed to the child processes as JSON. */
export type StoreLocation = { readonly kind: 'sqlite'; readonly dataDir: string } | { readonly kind: 'postgres'; readonly databaseUrl: string }

/** Opens the store as the server does (`SqliteStore.open` / `PostgresStore.open`, default options). */
export async function openBenchStore(location: StoreLocation): Promise<DocumentStore> {
  return location.kind === 'sqlite' ? SqliteStore.open(location.dataDir) : PostgresStore.open(location.databaseUrl)
}

import { inject } from 'vitest'
import { PostgresStore } from '../../../../collab-server/persistence/postgres-store'
import { createTestDatabase, type TestDatabase } from '../../../support/services/test-database'
import { describeDocumentStore } from './document-store-conformance'

describeDocumentStore<TestDatabase>('PostgresStore', {
  persistent: true,
  createLocation: () => createTestDatabase(inject('postgresUrl')),
  open: (database) => PostgresStore.open(database.url, { maxConnections: 4 }),
  removeLocation: (database) => database.drop(),
})

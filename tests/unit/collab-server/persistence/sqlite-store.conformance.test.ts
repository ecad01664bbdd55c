import { SqliteStore } from '../../../../collab-server/persistence/sqlite-store'
import { makeTempDir, removeTempDir } from '../support/temp-dir'
import { describeDocumentStore } from './document-store-conformance'

describeDocumentStore('SqliteStore', {
  persistent: true,
  createLocation: () => makeTempDir(),
  open: async (dataDir) => SqliteStore.open(dataDir),
  removeLocation: removeTempDir,
})

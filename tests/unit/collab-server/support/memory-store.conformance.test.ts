import { describeDocumentStore } from '../persistence/document-store-conformance'
import { MemoryStore } from './memory-store'

describeDocumentStore('MemoryStore', {
  persistent: false,
  createLocation: async () => null,
  open: async () => new MemoryStore(),
  removeLocation: async () => {},
})

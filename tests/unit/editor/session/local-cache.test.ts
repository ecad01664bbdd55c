import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { hasIndexedDb, localCacheName, openLocalCache } from '../../../../editor/session/local-cache'

describe('local cache', () => {
  it('names the IndexedDB database by document id and creation stamp', () => {
    expect(localCacheName('israel-russia-part-2', '2024-05-01T10:00:00.000Z')).toBe('spanwise:israel-russia-part-2:2024-05-01T10:00:00.000Z')
    // A document re-created under the same id gets another database: no stale copy merges into it.
    expect(localCacheName('notes', '2024-05-01T10:00:00.000Z')).not.toBe(localCacheName('notes', '2024-06-01T10:00:00.000Z'))
  })

  it('is absent where there is no IndexedDB (Node)', () => {
    expect(hasIndexedDb()).toBe(false)
    expect(openLocalCache('spanwise:x:y', new Y.Doc())).toBeNull()
  })
})

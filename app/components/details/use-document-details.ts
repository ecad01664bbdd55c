'use client'

import { useCallback, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { NO_DETAILS, type ReadDetails } from '../../../editor/model/document-source'
import { observeDocumentDetails, readDocumentDetailsOf } from '../../../editor/yjs/document-details'

const NOTHING_READ: ReadDetails = { ...NO_DETAILS, problems: [] }

/** The last details read of each Y.Doc: a snapshot stays the same object until they change. */
const lastRead = new WeakMap<Y.Doc, ReadDetails>()

function snapshotOf(ydoc: Y.Doc): ReadDetails {
  let details = lastRead.get(ydoc)
  if (!details) {
    details = readDocumentDetailsOf(ydoc)
    lastRead.set(ydoc, details)
  }
  return details
}

/** The document's source and fact-check settings, kept up to date as anyone changes them; nothing until the Y.Doc is there. */
export function useDocumentDetails(ydoc: Y.Doc | null): ReadDetails {
  const subscribe = useCallback(
    (notify: () => void) => {
      if (!ydoc) return () => undefined
      // Read again once observing: a change may have come in between the first render and now.
      lastRead.set(ydoc, readDocumentDetailsOf(ydoc))
      return observeDocumentDetails(ydoc, (details) => {
        lastRead.set(ydoc, details)
        notify()
      })
    },
    [ydoc],
  )
  const getSnapshot = useCallback(() => (ydoc ? snapshotOf(ydoc) : NOTHING_READ), [ydoc])
  return useSyncExternalStore(subscribe, getSnapshot, () => NOTHING_READ)
}

import type { DocumentSnapshot, SnapshotAnnotation } from '../../../../../editor/export/snapshot'

const TIME = '2026-11-25T10:00:00.000Z'

/**
 * A snapshot written by hand, for edge cases no editor document produces easily: blocks are the
 * paragraphs of `text` split at "\n\n"; each annotation is `[id, type, start, end]` in UTF-16 units.
 */
export function handSnapshot(text: string, annotations: Array<[id: string, type: SnapshotAnnotation['type'], start: number, end: number]>, id = 'hand'): DocumentSnapshot {
  let offset = 0
  const blocks = text.split('\n\n').map((block, index) => {
    const placed = { index, type: 'paragraph' as const, start: offset, end: offset + block.length }
    offset += block.length + 2
    return placed
  })
  return {
    id,
    title: 'Hand-made',
    createdAt: TIME,
    source: {},
    factcheck: {},
    text,
    blocks,
    annotations: annotations.map(([annotationId, type, start, end]) => ({
      id: annotationId,
      type,
      attrs: {},
      createdBy: { id: 'user-hand', name: 'Hand' },
      createdAt: TIME,
      updatedAt: TIME,
      comments: [],
      links: [],
      review: null,
      history: [],
      state: 'attached',
      start,
      end,
      exact: text.slice(start, end),
    })),
    invalid: [],
  }
}

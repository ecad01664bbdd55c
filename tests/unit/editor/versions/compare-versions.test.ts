import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { importPlainText } from '../../../../editor/import/plain-text'
import { deleteAnnotation, updateAnnotation } from '../../../../editor/model/annotation-store'
import { compareVersions, foldUnchanged } from '../../../../editor/versions/compare-versions'
import type { BlockDiff } from '../../../../editor/versions/text-comparison'
import { encodeInitialDocument } from '../../../../editor/yjs/document-content'
import { replaceWords, tagWords } from '../export/support/tag-text'

const ADA = { id: 'ada', name: 'Ada' }
const BEA = { id: 'bea', name: 'Bea' }
const SOURCE = 'Israel – Russia relations, Part II\n\nPutin met Netanyahu in Sochi, officials said.\n\nThe talks lasted “three hours”.\n\nחביבות כמעטה לחוסר עניין.'

function seededDoc(): Y.Doc {
  const ydoc = new Y.Doc()
  Y.applyUpdate(ydoc, encodeInitialDocument(importPlainText(SOURCE, { title: 'Relations' }), { title: 'Relations', createdAt: '2026-12-05T10:00:00.000Z' }))
  return ydoc
}

describe('compareVersions', () => {
  it('finds nothing between a state and itself', () => {
    const state = Y.encodeStateAsUpdate(seededDoc())
    const comparison = compareVersions('doc', state, state)
    expect(comparison.text.blocks.every((block) => block.kind === 'same')).toBe(true)
    expect(comparison.annotations).toEqual({ added: [], removed: [], changed: [] })
  })

  it('lists the text inserted and deleted and the annotations added, removed and changed since a version', () => {
    const ydoc = seededDoc()
    tagWords(ydoc, { needle: 'Sochi' }, { id: 'place', type: 'event', attrs: { place: 'Sochi' }, createdBy: ADA })
    tagWords(ydoc, { needle: 'three hours' }, { id: 'quote', type: 'quote', attrs: {}, createdBy: ADA })
    const version = Y.encodeStateAsUpdate(ydoc)

    replaceWords(ydoc, { needle: 'officials said' }, 'the Kremlin said')
    replaceWords(ydoc, { needle: 'כמעטה' }, 'גלויה')
    tagWords(ydoc, { needle: 'Putin met Netanyahu' }, { id: 'claim', type: 'claim', attrs: { verdict: 'unreviewed' }, createdBy: BEA })
    updateAnnotation(ydoc, 'place', { attrs: { place: 'Sochi, Russia' }, note: 'Bocharov Ruchei residence', by: BEA })
    deleteAnnotation(ydoc, 'quote')

    const comparison = compareVersions('doc', version, ydoc)
    const changed = comparison.text.blocks.filter((block) => block.kind === 'changed')
    expect(changed.map((block) => block.segments)).toEqual([
      [
        { kind: 'same', text: 'Putin met Netanyahu in Sochi, ' },
        { kind: 'deleted', text: 'officials' },
        { kind: 'inserted', text: 'the Kremlin' },
        { kind: 'same', text: ' said.' },
      ],
      [
        { kind: 'same', text: 'חביבות ' },
        { kind: 'deleted', text: 'כמעטה' },
        { kind: 'inserted', text: 'גלויה' },
        { kind: 'same', text: ' לחוסר עניין.' },
      ],
    ])
    expect([comparison.text.insertedWords, comparison.text.deletedWords]).toEqual([3, 2])
    expect(comparison.annotations.added).toEqual([{ id: 'claim', type: 'claim', exact: 'Putin met Netanyahu', createdBy: BEA }])
    expect(comparison.annotations.removed).toEqual([{ id: 'quote', type: 'quote', exact: 'three hours', createdBy: ADA }])
    expect(comparison.annotations.changed).toEqual([
      {
        id: 'place',
        type: 'event',
        exact: 'Sochi',
        createdBy: ADA,
        changes: [
          { field: 'attributes', names: ['place'] },
          { field: 'note', before: '', after: 'Bocharov Ruchei residence' },
        ],
      },
    ])
  })
})

describe('foldUnchanged', () => {
  const same = (text: string): BlockDiff => ({ kind: 'same', type: 'paragraph', segments: [{ kind: 'same', text }] })
  const changed: BlockDiff = { kind: 'changed', type: 'paragraph', segments: [{ kind: 'inserted', text: 'x' }] }

  it('shows changes with one block of context and folds longer unchanged runs', () => {
    const blocks = [same('1'), same('2'), same('3'), changed, same('5'), same('6'), same('7'), same('8'), changed]
    expect(foldUnchanged(blocks).map((stretch) => [stretch.kind, stretch.blocks.length])).toEqual([
      ['unchanged', 2],
      ['shown', 3],
      ['unchanged', 2],
      ['shown', 2],
    ])
    expect(foldUnchanged([same('a'), same('b')])).toEqual([{ kind: 'unchanged', blocks: [same('a'), same('b')] }])
    expect(foldUnchanged([])).toEqual([])
  })
})

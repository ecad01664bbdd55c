import type { Node as PMNode } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import * as Y from 'yjs'
import { readAnnotation, updateAnnotation } from '../../../../editor/model/annotation-store'
import { CONTENT_FRAGMENT } from '../../../../editor/model/doc-layout'
import { resolveAnnotations } from '../../../../editor/model/resolve-annotations'
import { EditorState } from 'prosemirror-state'
import { emphasizeIn, fromSnapshot, mapLocalChange, mapRemoteChange, replaceRecords, selectIn, type AnnotationViewState } from '../../../../editor/plugins/annotation-state'
import { changedBlocks } from '../../../../editor/plugins/changed-blocks'
import { schema } from '../../../../editor/schema'
import { anchorsFor, annotateRange, createReplicas, measurerFor, runText, textRuns } from '../model/support/replicas'

/** A seeded pseudo-random generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (max: number) => Math.floor(next() * max), pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] }
}

/**
 * Builds the editor document from the Yjs state the way y-prosemirror does on a remote change:
 * a new document whose blocks are the previous node objects wherever the block's Yjs element is
 * unchanged.
 */
function editorDocBuilder(ydoc: Y.Doc): () => PMNode {
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  const cache = new Map<unknown, PMNode>()
  return () => {
    const fresh = yXmlFragmentToProseMirrorRootNode(fragment, schema)
    const children = fragment.toArray().map((element, index) => {
      const built = fresh.child(index)
      const cached = cache.get(element)
      const node = cached && cached.eq(built) ? cached : built
      cache.set(element, node)
      return node
    })
    return schema.topNodeType.create(fresh.attrs, children)
  }
}

function resolverFor(ydoc: Y.Doc) {
  const measurer = measurerFor(ydoc)
  return (record: { start: Parameters<typeof measurer.resolve>[1]; end: Parameters<typeof measurer.resolve>[1] }) =>
    [measurer.resolve(ydoc, record.start), measurer.resolve(ydoc, record.end)] as const
}

/** What the state shows: each annotation's place and text, and each highlight. */
function shown(state: AnnotationViewState) {
  return {
    annotations: state.annotations.map(({ id, status, from, to, text, changedSinceReview }) => ({ id, status, from, to, text, changedSinceReview })),
    highlights: state.decorations
      .find()
      .map(
        (decoration) =>
          `${decoration.from}-${decoration.to}:${decoration.spec.annotationId as string}:${(decoration as unknown as { type: { attrs: { class: string } } }).type.attrs.class}`,
      )
      .sort(),
  }
}

function fullyResolved(ydoc: Y.Doc, doc: PMNode, selectedId: string | null = null, flashingId: string | null = null): AnnotationViewState {
  return fromSnapshot(resolveAnnotations(ydoc, doc), doc, { selectedId, flashingId }, 0)
}

/** Annotates random ranges: inside one run, and across runs (blocks). */
function annotateRandomly(ydoc: Y.Doc, rng: ReturnType<typeof random>, count: number): void {
  for (let made = 0; made < count;) {
    const runs = textRuns(ydoc).filter((run) => run.length > 3)
    const first = rng.int(runs.length)
    const last = rng.next() < 0.2 ? Math.min(runs.length - 1, first + 1 + rng.int(2)) : first
    const measurer = measurerFor(ydoc)
    const startRun = runs[first]
    const endRun = runs[last]
    const fromIndex = rng.int(startRun.length - 1)
    const toIndex = last === first ? fromIndex + 1 + rng.int(Math.min(40, startRun.length - fromIndex - 1)) : 1 + rng.int(endRun.length - 1)
    const from = measurer.contentStart(startRun)! + fromIndex
    const to = measurer.contentStart(endRun)! + toIndex
    if (from >= to) continue
    annotateRange(ydoc, from, to, rng.pick(['event', 'quote', 'claim'] as const))
    made += 1
  }
}

/** One random remote edit, as another client would make it. */
function editRandomly(ydoc: Y.Doc, rng: ReturnType<typeof random>): void {
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  const runs = textRuns(ydoc).filter((run) => run.length > 0)
  const run = rng.pick(runs)
  const roll = rng.next()
  ydoc.transact(() => {
    if (roll < 0.4) run.insert(rng.int(run.length + 1), rng.pick(['a', 'aa', ' ', 'x y', 'é', '🙂']))
    else if (roll < 0.75) {
      const index = rng.int(run.length)
      run.delete(index, 1 + rng.int(Math.min(12, run.length - index)))
    } else if (roll < 0.85 && fragment.length > 3) fragment.delete(rng.int(fragment.length), 1)
    else if (roll < 0.93) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('a new paragraph')])
      fragment.insert(rng.int(fragment.length + 1), [paragraph])
    } else {
      // Two blocks at once, as one remote update may carry.
      const other = rng.pick(runs)
      run.delete(0, Math.min(3, run.length))
      if (other !== run && other.length > 0) other.insert(0, 'aa')
    }
  })
}

describe('changedBlocks', () => {
  it('finds the blocks between the unchanged prefix and suffix by identity', () => {
    const [ydoc] = createReplicas(1)
    const build = editorDocBuilder(ydoc)
    const before = build()
    expect(changedBlocks(before, build())).toBeNull()
    const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
    const block = fragment.toArray().findIndex((element, index) => index >= 2 && element instanceof Y.XmlElement && element.get(0) instanceof Y.XmlText)
    ;((fragment.get(block) as Y.XmlElement).get(0) as Y.XmlText).insert(1, 'zz')
    const after = build()
    let start = 0
    for (let index = 0; index < block; index++) start += before.child(index).nodeSize
    const oldEnd = start + before.child(block).nodeSize
    expect(changedBlocks(before, after)).toEqual({ start, oldEnd, newEnd: oldEnd + 2 })
  })
})

describe('mapRemoteChange', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`matches a full re-resolution after every one of 120 random remote edits (seed ${seed})`, () => {
      const rng = random(seed)
      const [ydoc] = createReplicas(1)
      annotateRandomly(ydoc, rng, 80)
      const build = editorDocBuilder(ydoc)
      let doc = build()
      let state = fullyResolved(ydoc, doc)
      expect(state.annotations.filter((a) => a.status === 'attached').length).toBe(80)
      let detachedSeen = 0
      for (let step = 0; step < 120; step++) {
        editRandomly(ydoc, rng)
        const next = build()
        state = mapRemoteChange(state, doc, next, resolverFor(ydoc))
        doc = next
        expect(shown(state), `step ${step}`).toEqual(shown(fullyResolved(ydoc, doc)))
        detachedSeen = Math.max(detachedSeen, state.annotations.filter((a) => a.status === 'detached').length)
      }
      // The random edits did reach annotations: some lost all their words.
      expect(detachedSeen).toBeGreaterThan(0)
    })
  }

  it('leaves the list version alone when spans only move, and bumps it when a span’s text changes', () => {
    const [ydoc] = createReplicas(1)
    const runs = textRuns(ydoc)
    const measurer = measurerFor(ydoc)
    const target = runs[5]
    annotateRange(ydoc, measurer.contentStart(target)! + 1, measurer.contentStart(target)! + 6)
    const build = editorDocBuilder(ydoc)
    let doc = build()
    let state = fullyResolved(ydoc, doc)
    const version = state.listVersion
    runs[1].insert(0, 'moved ')
    let next = build()
    state = mapRemoteChange(state, doc, next, resolverFor(ydoc))
    doc = next
    expect(state.listVersion).toBe(version)
    expect(state.annotations[0].from).toBe(measurerFor(ydoc).contentStart(target)! + 1)
    target.insert(3, 'inside')
    next = build()
    state = mapRemoteChange(state, doc, next, resolverFor(ydoc))
    expect(state.listVersion).toBe(version + 1)
    expect(state.annotations[0].text).toBe(runText(target).slice(1, 12))
  })
})

describe('replaceRecords and selectIn', () => {
  it('re-read records and the selection match a full re-resolution', () => {
    const rng = random(9)
    const [ydoc] = createReplicas(1)
    annotateRandomly(ydoc, rng, 40)
    const doc = editorDocBuilder(ydoc)()
    let state = fullyResolved(ydoc, doc)
    const [first, second] = state.annotations
    // Move one annotation, delete another, and add an invalid record, as a remote client might.
    const runs = textRuns(ydoc)
    const start = measurerFor(ydoc).contentStart(runs[0])!
    updateAnnotation(ydoc, first.id, anchorsFor(ydoc, start, start + 4))
    ydoc.getMap('annotations').delete(second.id)
    ydoc.getMap('annotations').set('rogue', new Y.Map())
    const ids = [first.id, second.id, 'rogue']
    state = replaceRecords(state, doc, new Map(ids.map((id) => [id, readAnnotation(ydoc, id)] as const)), resolverFor(ydoc))
    expect(shown(state)).toEqual(shown(fullyResolved(ydoc, doc)))
    expect(state.invalid.map((entry) => entry.id)).toEqual(['rogue'])

    state = selectIn(state, doc, first.id)
    expect(shown(state)).toEqual(shown(fullyResolved(ydoc, doc, first.id)))
    state = selectIn(state, doc, state.annotations[3].id)
    expect(shown(state)).toEqual(shown(fullyResolved(ydoc, doc, state.annotations[3].id)))
  })

  it('a flashing annotation’s highlight, and only its, carries is-flashing until the flash stops', () => {
    const [ydoc] = createReplicas(1)
    annotateRandomly(ydoc, random(4), 12)
    const doc = editorDocBuilder(ydoc)()
    const initial = selectIn(fullyResolved(ydoc, doc), doc, null)
    const [first, second] = initial.annotations.filter((a) => a.status === 'attached')
    const flashingHighlights = (state: AnnotationViewState) => shown(state).highlights.filter((highlight) => highlight.endsWith(' is-flashing'))

    let state = emphasizeIn(initial, doc, { selectedId: first.id, flashingId: first.id })
    expect(shown(state)).toEqual(shown(fullyResolved(ydoc, doc, first.id, first.id)))
    expect(flashingHighlights(state).length).toBeGreaterThan(0)
    expect(flashingHighlights(state).every((highlight) => highlight.includes(`:${first.id}:`))).toBe(true)

    state = selectIn(state, doc, second.id) // selecting another keeps the flash where it is
    expect(state.flashingId).toBe(first.id)
    expect(shown(state)).toEqual(shown(fullyResolved(ydoc, doc, second.id, first.id)))

    state = emphasizeIn(state, doc, { selectedId: second.id, flashingId: null })
    expect(flashingHighlights(state)).toEqual([])
    expect(shown(state)).toEqual(shown(fullyResolved(ydoc, doc, second.id)))
  })
})

describe('mapLocalChange', () => {
  for (const seed of [5, 6, 7]) {
    it(`matches a full re-resolution after every one of 100 random local edits (seed ${seed})`, () => {
      const rng = random(seed)
      const [ydoc] = createReplicas(1)
      annotateRandomly(ydoc, rng, 80)
      const build = editorDocBuilder(ydoc)
      let editor = EditorState.create({ schema, doc: build() })
      let state = fullyResolved(ydoc, editor.doc)
      let moved = 0
      for (let step = 0; step < 100; step++) {
        // The same edit typed in the editor and made in Yjs, as y-prosemirror would write it.
        const runs = textRuns(ydoc).filter((run) => run.length > 0)
        const run = rng.pick(runs)
        const start = measurerFor(ydoc).contentStart(run)!
        const tr = editor.tr
        if (rng.next() < 0.6) {
          const index = rng.int(run.length + 1)
          const text = rng.pick(['a', 'bb', ' ', 'é'])
          tr.insertText(text, start + index)
          run.insert(index, text)
        } else {
          const index = rng.int(run.length)
          const length = 1 + rng.int(Math.min(6, run.length - index))
          tr.delete(start + index, start + index + length)
          run.delete(index, length)
        }
        editor = editor.apply(tr)
        expect(editor.doc.eq(build()), `step ${step}: the editor and Yjs agree`).toBe(true)
        const before = state.annotations
        state = mapLocalChange(state, tr)
        moved += state.annotations.filter((annotation, index) => annotation !== before[index]).length
        expect(shown(state), `step ${step}`).toEqual(shown(fullyResolved(ydoc, editor.doc)))
      }
      expect(moved).toBeGreaterThan(0)
    })
  }
})

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { updateAnnotation } from '../../../../editor/model/annotation-store'
import { withReviewStamp } from '../../../../editor/model/claim-review'
import { resolveAnnotations } from '../../../../editor/model/resolve-annotations'
import { CONTENT_FRAGMENT } from '../../../../editor/model/doc-layout'
import { readContent } from '../../../../editor/yjs/document-content'
import { annotate, annotateRange, createReplicas, editRun, findText, resolvedById, sameRun, syncAll } from './support/replicas'
import { bob } from './support/seed'
import { SYNC_ORDERS } from './support/sync-orders'

const SPAN = 'a special state to us'
const END = SPAN.length

/** Every replica must show exactly `expected` for its annotations. */
function expectEverywhere(replicas: Y.Doc[], expected: ReturnType<typeof resolvedById>): void {
  for (const replica of replicas) expect(resolvedById(replica)).toEqual(expected)
}

/** Three synced replicas with SPAN tagged on the first, and where SPAN is on each. */
function tagged(type: 'event' | 'claim' = 'event') {
  const replicas = createReplicas(3)
  const [a] = replicas
  const id = annotate(a, SPAN, type, 'span')
  syncAll(...replicas)
  const { run, index } = findText(a, SPAN)
  /** Edits the run holding SPAN on replica `on`, at `offset` from SPAN's start. */
  const edit = (on: number, offset: number, change: string | number) => editRun(sameRun(replicas[on], a, run), index + offset, change)
  return { replicas, id, edit }
}

type Edit = [replica: number, offset: number, change: string | number]

const rules: Array<{ name: string; edits: Edit[]; text: string | null }> = [
  { name: 'typing before the span moves it unchanged', edits: [[1, -9, 'truly ']], text: SPAN },
  { name: 'typing inside grows it', edits: [[1, 2, 'very ']], text: 'a very special state to us' },
  { name: 'typing exactly at the start boundary stays outside', edits: [[1, 0, 'not ']], text: SPAN },
  { name: 'typing exactly at the end boundary stays outside', edits: [[2, END, ' all']], text: SPAN },
  {
    name: 'typing inside and at both boundaries on three replicas',
    edits: [
      [0, 2, 'very '],
      [1, 0, '«'],
      [2, END, '»'],
    ],
    text: 'a very special state to us',
  },
  { name: 'deleting a part shrinks it', edits: [[1, 10, 6]], text: 'a special to us' },
  { name: 'deleting across the start boundary', edits: [[1, -9, 11]], text: 'special state to us' },
  { name: 'deleting across the end boundary', edits: [[2, 16, 10]], text: 'a special state ' },
  {
    name: 'overlapping deletes on two replicas',
    edits: [
      [0, 0, 10],
      [1, 5, 10],
    ],
    text: ' to us',
  },
  { name: 'deleting all of it detaches it', edits: [[1, 0, END]], text: null },
  { name: 'deleting more than all of it detaches it', edits: [[2, -3, END + 6]], text: null },
  {
    name: 'typing inside while another replica deletes all keeps only the new text',
    edits: [
      [0, 0, END],
      [1, 10, 'new '],
    ],
    text: 'new ',
  },
  {
    name: 'a boundary insert while another replica deletes all',
    edits: [
      [0, 0, END],
      [2, END, '!'],
    ],
    text: null,
  },
]

describe('an annotation under concurrent text edits', () => {
  for (const rule of rules) {
    for (const [orderName, sync] of Object.entries(SYNC_ORDERS)) {
      it(`${rule.name} (sync ${orderName})`, () => {
        const { replicas, id, edit } = tagged()
        for (const [on, offset, change] of rule.edits) edit(on, offset, change)
        sync(replicas[0], replicas[1], replicas[2])
        expectEverywhere(replicas, { [id]: rule.text === null ? { status: 'detached', text: '' } : { status: 'attached', text: rule.text } })
        for (const replica of replicas) {
          const [resolved] = resolveAnnotations(replica, readContent(replica)).annotations
          expect(resolved.record.exact).toBe(SPAN)
        }
      })
    }
  }

  it('lands the boundary inserts next to the span, so the text itself shows they stayed outside', () => {
    const { replicas, edit } = tagged()
    edit(1, 0, '«')
    edit(2, END, '»')
    syncAll(...replicas)
    for (const replica of replicas) expect(readContent(replica).textContent).toContain(`«${SPAN}»`)
  })
})

describe('spans that cross, overlap, nest or lose their block', () => {
  it('follows a span across two paragraphs, and detaches it when all its words in both are deleted', () => {
    const replicas = createReplicas(3)
    const [a, b, c] = replicas
    const first = findText(a, 'as "a true friend of Israel".')
    const second = findText(a, 'In 2006')
    const id = annotateRange(a, first.from, second.to, 'event', 'cross')
    syncAll(a, b, c)
    expectEverywhere(replicas, { cross: { status: 'attached', text: 'as "a true friend of Israel".\n\nIn 2006' } })

    editRun(sameRun(a, a, first.run), first.run.length, '+')
    editRun(sameRun(b, a, second.run), 0, '»')
    editRun(sameRun(c, a, second.run), 7, ',')
    syncAll(c, a, b)
    expectEverywhere(replicas, { [id]: { status: 'attached', text: 'as "a true friend of Israel".+\n\n»In 2006' } })

    const firstOnB = sameRun(b, a, first.run)
    editRun(firstOnB, first.index, firstOnB.length - first.index)
    editRun(sameRun(c, a, second.run), 0, 8)
    syncAll(b, c, a)
    expectEverywhere(replicas, { [id]: { status: 'detached', text: '' } })
  })

  it('keeps overlapping annotations created concurrently on two replicas', () => {
    const replicas = createReplicas(3)
    const [a, b, c] = replicas
    annotate(a, 'special state to us. It is practically', 'claim', 'by-a')
    annotate(b, 'It is practically a Russian-speaking country', 'quote', 'by-b')
    const { run, index } = findText(c, 'It is practically')
    editRun(run, index + 2, ' truly')
    SYNC_ORDERS['b first to both, then a↔c, then c→b'](a, b, c)
    expectEverywhere(replicas, {
      'by-a': { status: 'attached', text: 'special state to us. It truly is practically' },
      'by-b': { status: 'attached', text: 'It truly is practically a Russian-speaking country' },
    })
  })

  it('grows nested spans sharing a start with text typed inside, and only the outer one at the inner end', () => {
    const { replicas, edit } = tagged()
    const outer = findText(replicas[0], SPAN)
    annotateRange(replicas[0], outer.from, outer.from + 9, 'claim', 'inner')
    syncAll(...replicas)
    edit(1, 2, 'very ')
    edit(2, 9, ' and')
    edit(0, 5, 'ci')
    syncAll(replicas[2], replicas[0], replicas[1])
    expectEverywhere(replicas, {
      span: { status: 'attached', text: 'a very specicial and state to us' },
      inner: { status: 'attached', text: 'a very specicial' },
    })
    const order = resolveAnnotations(replicas[1], readContent(replicas[1])).annotations.map((annotation) => annotation.id)
    expect(order).toEqual(['span', 'inner'])
  })

  it('detaches an annotation whose whole paragraph is deleted, even while someone types in it', () => {
    const { replicas, id, edit } = tagged()
    const fragment = replicas[1].getXmlFragment(CONTENT_FRAGMENT)
    const paragraphIndex = fragment.toArray().findIndex((block) => block instanceof Y.XmlElement && block.toString().includes(SPAN))
    fragment.delete(paragraphIndex, 1)
    edit(2, 2, 'very ')
    syncAll(replicas[2], replicas[1], replicas[0])
    expectEverywhere(replicas, { [id]: { status: 'detached', text: '' } })
    for (const replica of replicas) expect(readContent(replica).textContent).not.toContain('special state')
  })

  it('resolves a hand-written third-party annotation like one of ours', () => {
    const { replicas, edit } = tagged()
    const [, b] = replicas
    const { run, index } = findText(b, SPAN)
    // As docs/data-model.md shows a third-party script doing it: anchors are the base64 of Y.encodeRelativePosition.
    const anchor = (offset: number, assoc: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(run, index + offset, assoc))).toString('base64')
    b.transact(() => {
      const record = new Y.Map<unknown>()
      record.set('base', {
        type: 'quote',
        start: anchor(0, 0),
        end: anchor(END, -1),
        exact: SPAN,
        attrs: { speaker: 'Putin' },
        createdBy: { id: 'bot', name: 'Importer bot' },
        createdAt: '2026-11-25T10:00:00.000Z',
      })
      b.getMap('annotations').set('bot', record)
    })
    edit(0, 2, 'very ')
    edit(2, 0, '«')
    edit(1, END, '»')
    syncAll(...replicas)
    const expected = { status: 'attached' as const, text: 'a very special state to us' }
    expectEverywhere(replicas, { span: expected, bot: expected })
    for (const replica of replicas) {
      const snapshot = resolveAnnotations(replica, readContent(replica))
      expect(snapshot.invalid).toEqual([])
      const bot = snapshot.annotations.find((annotation) => annotation.id === 'bot')
      expect(bot?.record).toMatchObject({
        type: 'quote',
        exact: SPAN,
        attrs: { speaker: 'Putin' },
        createdBy: { id: 'bot', name: 'Importer bot' },
        updatedAt: '2026-11-25T10:00:00.000Z',
        comments: [],
      })
    }
  })
})

describe('a reviewed claim under edits on another replica', () => {
  /** A claim on SPAN reviewed on replica A, synced to all. */
  function reviewedClaim() {
    const setup = tagged('claim')
    const [a] = setup.replicas
    const [resolved] = resolveAnnotations(a, readContent(a)).annotations
    const attrs = withReviewStamp({}, { verdict: 'supported', rationale: 'Quoted verbatim.' }, resolved.text, bob, '2026-11-26T09:00:00.000Z')
    updateAnnotation(a, setup.id, { attrs })
    syncAll(...setup.replicas)
    return setup
  }
  const changedEverywhere = (replicas: Y.Doc[]) => replicas.map((replica) => resolveAnnotations(replica, readContent(replica)).annotations[0].changedSinceReview)

  it('records the reviewed text and is unchanged right after the review', () => {
    const { replicas } = reviewedClaim()
    const [resolved] = resolveAnnotations(replicas[2], readContent(replicas[2])).annotations
    expect(resolved.record.attrs).toMatchObject({ verdict: 'supported', reviewedText: SPAN, reviewedBy: bob })
    expect(changedEverywhere(replicas)).toEqual([false, false, false])
  })

  it('is changed since review on every replica once the words are edited elsewhere', () => {
    const { replicas, edit } = reviewedClaim()
    edit(2, 10, 'special ')
    SYNC_ORDERS['c→b→a, then back'](replicas[0], replicas[1], replicas[2])
    expect(changedEverywhere(replicas)).toEqual([true, true, true])
  })

  it('is not changed by edits outside the words, at the boundaries included', () => {
    const { replicas, edit } = reviewedClaim()
    edit(1, -9, 'truly ')
    edit(2, 0, '«')
    edit(0, END, '»')
    syncAll(replicas[1], replicas[2], replicas[0])
    expect(changedEverywhere(replicas)).toEqual([false, false, false])
  })

  it('is changed once all its words are deleted', () => {
    const { replicas, edit } = reviewedClaim()
    edit(1, 0, END)
    syncAll(...replicas)
    expect(changedEverywhere(replicas)).toEqual([true, true, true])
  })
})

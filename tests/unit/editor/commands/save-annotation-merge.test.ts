import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import { attrsFromFields, fieldsFromRecord, openedValues, type FormFields } from '../../../../app/components/annotations/annotation-form-fields'
import { saveAnnotation } from '../../../../editor/commands/annotations'
import type { AnnotationRecord, AnnotationType, Person } from '../../../../editor/model/annotation'
import { annotationsMap, createAnnotation, readAnnotation } from '../../../../editor/model/annotation-store'
import { annotationPlugin, getAnnotationState } from '../../../../editor/plugins/annotation-plugin'
import { schema } from '../../../../editor/schema'
import { readContent } from '../../../../editor/yjs/document-content'
import { anchorsFor, createReplicas, findText, send } from '../model/support/replicas'
import { alice, bob } from '../model/support/seed'
import { at, T1, T2, T3, useFakeClock } from '../model/support/fake-clock'

/**
 * The edit form and data model 2's merge promise: a save writes only what the person changed
 * since the form was opened (saveAnnotation's `opened`), so what others changed meanwhile — a
 * verdict with its review stamp, a note, another attribute — is kept; and attributes tied
 * together (a verdict with its stamp, an event's two dates) come from one writer when two people
 * change them at once. Each test drives the real saveAnnotation command on an editor state with
 * the annotation plugin, with the form's own field conversions (fieldsFromRecord/attrsFromFields).
 */

const SPAN = 'a special state to us'
const ID = 'c1'

useFakeClock()

/** Two replicas holding one annotation of `type` on SPAN (created on the first) and nothing else. Client ids: 1001, 1002. */
function replicasWith(type: AnnotationType, attrs: unknown): [Y.Doc, Y.Doc] {
  const [first, second] = createReplicas(2)
  const { from, to } = findText(first, SPAN)
  createAnnotation(first, { id: ID, type, ...anchorsFor(first, from, to), exact: SPAN, attrs, createdBy: alice })
  send(first, second)
  return [first, second]
}

/**
 * An editor state over a replica as the editor view keeps it: the annotation plugin with every
 * record read from the replica now (a replacement of every block, as the first sync brings).
 */
function editorOf(replica: Y.Doc, user: Person): EditorState {
  const empty = EditorState.create({ schema, plugins: [annotationPlugin({ ydoc: replica, getUser: () => user })] })
  const doc = readContent(replica)
  return empty.apply(empty.tr.replaceWith(0, empty.doc.content.size, doc.content).setMeta(ySyncPluginKey, { isChangeOrigin: true }))
}

/** An open edit form: the record its fields were filled from, and the fields (edited in place). */
interface Form {
  replica: Y.Doc
  user: Person
  opened: AnnotationRecord
  fields: FormFields
}

/** Opens the edit form on the annotation as the replica's editor shows it now. */
function openForm(replica: Y.Doc, user: Person): Form {
  const annotation = getAnnotationState(editorOf(replica, user)).annotations.find((a) => a.id === ID)
  if (!annotation) throw new Error(`openForm: no annotation "${ID}" shown`)
  return { replica, user, opened: annotation.record, fields: fieldsFromRecord(annotation.record) }
}

/** Saves the form as AnnotationForm does, against the replica's editor as it is now (others' changes included). */
function save(form: Form): void {
  saveAnnotation(editorOf(form.replica, form.user), ID, attrsFromFields(form.opened.type, form.fields), String(form.fields.note ?? ''), openedValues(form.opened))
}

/** Opens the form, changes `fields`, saves: an edit made and saved at once. */
function edit(replica: Y.Doc, user: Person, fields: FormFields): void {
  const form = openForm(replica, user)
  Object.assign(form.fields, fields)
  save(form)
}

function recordOf(replica: Y.Doc): AnnotationRecord {
  const read = readAnnotation(replica, ID)
  if (read === null) throw new Error(`no annotation "${ID}"`)
  if ('invalid' in read) throw new Error(`annotation "${ID}" is invalid: ${read.invalid.error}`)
  return read.record
}

function recordMapOf(replica: Y.Doc): Y.Map<unknown> {
  return annotationsMap(replica).get(ID) as Y.Map<unknown>
}

/** The client that wrote a record entry's current value (its Yjs item's id). */
function writerOf(replica: Y.Doc, key: string): number | undefined {
  // Y.Map keeps the winning item of each key in `_map`.
  return recordMapOf(replica)._map.get(key)?.id.client
}

/** The ways to bring two replicas together after concurrent changes. */
const DELIVERIES: Array<[string, (a: Y.Doc, b: Y.Doc) => void]> = [
  [
    'first→second, then back',
    (a, b) => {
      send(a, b)
      send(b, a)
    },
  ],
  [
    'second→first, then back',
    (a, b) => {
      send(b, a)
      send(a, b)
    },
  ],
  [
    'both at once',
    (a, b) => {
      const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
      const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
      Y.applyUpdate(b, fromA)
      Y.applyUpdate(a, fromB)
    },
  ],
]

describe('saveAnnotation with the record the form opened: others’ changes meanwhile are kept', () => {
  it('a. Bob saves a claimant after Alice set a verdict: both stay, with Alice’s whole review', () => {
    const [aliceDoc, bobDoc] = replicasWith('claim', { verdict: 'unreviewed' })
    const bobsForm = openForm(bobDoc, bob)

    at(T1, () => edit(aliceDoc, alice, { verdict: 'false', rationale: 'The treaty says otherwise.' }))
    send(aliceDoc, bobDoc)
    // Bob's editor now shows Alice's verdict; his form still holds what he opened.
    expect((recordOf(bobDoc).attrs as Record<string, unknown>).verdict).toBe('false')
    bobsForm.fields.claimant = 'The minister'
    at(T2, () => save(bobsForm))
    send(bobDoc, aliceDoc)

    for (const replica of [aliceDoc, bobDoc]) {
      expect(recordOf(replica).attrs).toEqual({
        verdict: 'false',
        rationale: 'The treaty says otherwise.',
        claimant: 'The minister',
        reviewedBy: alice,
        reviewedAt: T1,
        reviewedText: SPAN,
      })
      expect(recordOf(replica).updatedAt).toBe(T2)
    }
  })

  it('b. Bob saves a claimant after Alice edited the note: Alice’s note is kept', () => {
    const [aliceDoc, bobDoc] = replicasWith('claim', { verdict: 'unreviewed' })
    const bobsForm = openForm(bobDoc, bob)

    at(T1, () => edit(aliceDoc, alice, { note: 'Check the 2016 transcript.' }))
    send(aliceDoc, bobDoc)
    bobsForm.fields.claimant = 'The minister'
    at(T2, () => save(bobsForm))
    send(bobDoc, aliceDoc)

    for (const replica of [aliceDoc, bobDoc]) {
      expect(recordOf(replica).note).toBe('Check the 2016 transcript.')
      expect(recordOf(replica).attrs).toEqual({ verdict: 'unreviewed', claimant: 'The minister' })
    }
  })

  it('b. Bob changes the note after Alice changed an attribute: both are kept', () => {
    const [aliceDoc, bobDoc] = replicasWith('claim', { verdict: 'unreviewed', claimant: 'The minister' })
    const bobsForm = openForm(bobDoc, bob)

    at(T1, () => edit(aliceDoc, alice, { claimant: 'The foreign minister', summary: 'Israel is special to Russia' }))
    send(aliceDoc, bobDoc)
    bobsForm.fields.note = 'Ask the desk about the source.'
    at(T2, () => save(bobsForm))
    send(bobDoc, aliceDoc)

    for (const replica of [aliceDoc, bobDoc]) {
      expect(recordOf(replica).note).toBe('Ask the desk about the source.')
      expect(recordOf(replica).attrs).toEqual({ verdict: 'unreviewed', claimant: 'The foreign minister', summary: 'Israel is special to Russia' })
    }
  })
})

describe('saveAnnotation on an unreviewed claim writes no review stamp', () => {
  it('c. changing only the claimant writes only attr.claimant, and no entry holds undefined', () => {
    const [aliceDoc] = replicasWith('claim', { verdict: 'unreviewed' })
    at(T1, () => edit(aliceDoc, alice, { claimant: 'The minister' }))

    const map = recordMapOf(aliceDoc)
    const keys = [...map.keys()].sort()
    expect(keys.filter((key) => !key.startsWith('history.'))).toEqual(['attr.claimant', 'base', 'updatedAt'])
    expect(recordOf(aliceDoc).history).toMatchObject([{ change: 'attrs', fields: ['claimant'], by: alice }])
    expect(keys.filter((key) => key.startsWith('attr.reviewed'))).toEqual([])
    expect([...map.entries()].filter(([, value]) => value === undefined).map(([key]) => key)).toEqual([])
    expect(recordOf(aliceDoc).attrs).toEqual({ verdict: 'unreviewed', claimant: 'The minister' })
  })

  it.each(DELIVERIES)('c. at once with a verdict set elsewhere (the saver has the higher client id), the review stamp survives whole: %s', (_name, deliver) => {
    // Bob (client 1002) saves a claimant while Alice (client 1001) gives a verdict: on every entry
    // both wrote, Bob's write would win.
    const [aliceDoc, bobDoc] = replicasWith('claim', { verdict: 'unreviewed' })
    expect(bobDoc.clientID).toBeGreaterThan(aliceDoc.clientID)
    at(T1, () => edit(aliceDoc, alice, { verdict: 'false', rationale: 'The treaty says otherwise.' }))
    at(T2, () => edit(bobDoc, bob, { claimant: 'The minister' }))
    deliver(aliceDoc, bobDoc)

    for (const replica of [aliceDoc, bobDoc]) {
      expect(recordOf(replica).attrs).toEqual({
        verdict: 'false',
        rationale: 'The treaty says otherwise.',
        claimant: 'The minister',
        reviewedBy: alice,
        reviewedAt: T1,
        reviewedText: SPAN,
      })
      expect([...recordMapOf(replica).entries()].filter(([, value]) => value === undefined).map(([key]) => key)).toEqual([])
    }
  })
})

describe('attributes tied together come from one writer when two people change them at once', () => {
  it.each(DELIVERIES)('d. two new verdicts on a claim Alice had reviewed: verdict and review stamp are one person’s on every replica: %s', (_name, deliver) => {
    // Alice gets the higher client id: her verdict wins, but only Bob writes a new reviewer.
    const [bobDoc, aliceDoc] = replicasWith('claim', { verdict: 'unreviewed' })
    expect(aliceDoc.clientID).toBeGreaterThan(bobDoc.clientID)
    at(T1, () => edit(aliceDoc, alice, { verdict: 'false' }))
    send(aliceDoc, bobDoc)

    at(T2, () => edit(aliceDoc, alice, { verdict: 'disputed' }))
    at(T3, () => edit(bobDoc, bob, { verdict: 'supported' }))
    deliver(aliceDoc, bobDoc)

    const records = [aliceDoc, bobDoc].map(recordOf)
    const alices = { verdict: 'disputed', reviewedBy: alice, reviewedAt: T2, reviewedText: SPAN }
    const bobs = { verdict: 'supported', reviewedBy: bob, reviewedAt: T3, reviewedText: SPAN }
    for (const record of records) {
      const { verdict, reviewedBy, reviewedAt, reviewedText } = record.attrs as Record<string, unknown>
      expect([alices, bobs]).toContainEqual({ verdict, reviewedBy, reviewedAt, reviewedText })
    }
    expect(records[1].attrs).toEqual(records[0].attrs)
    for (const replica of [aliceDoc, bobDoc]) {
      const writers = ['attr.verdict', 'attr.reviewedBy', 'attr.reviewedAt', 'attr.reviewedText'].map((key) => writerOf(replica, key))
      expect(new Set(writers).size, `writers of the verdict group: ${writers.join(', ')}`).toBe(1)
    }
  })

  it.each(DELIVERIES)('e. an event’s date and end date changed at once stay a valid pair from one writer on every replica: %s', (_name, deliver) => {
    const [aDoc, bDoc] = replicasWith('event', { date: '2016', endDate: '2018' })
    // Each change is valid on its own; a date of one with the end date of the other is not.
    at(T1, () => edit(aDoc, alice, { date: '2017' }))
    at(T2, () => edit(bDoc, bob, { endDate: '2016-06' }))
    deliver(aDoc, bDoc)

    const pairs = [aDoc, bDoc].map((replica) => {
      const read = readAnnotation(replica, ID)
      expect(read && 'invalid' in read ? read.invalid.error : null).toBeNull()
      const { date, endDate } = recordOf(replica).attrs as Record<string, unknown>
      return { date, endDate }
    })
    for (const pair of pairs)
      expect([
        { date: '2017', endDate: '2018' },
        { date: '2016', endDate: '2016-06' },
      ]).toContainEqual(pair)
    expect(pairs[1]).toEqual(pairs[0])
  })
})

describe('saveAnnotation: the form’s own normalising is not a change', () => {
  /** Alice and Bob open the form at once; Alice saves `alices`, Bob saves `bobs` (not having seen Alice's), then they sync. */
  function concurrentSaves(type: AnnotationType, attrs: unknown, alices: FormFields, bobs: FormFields): [Y.Doc, Y.Doc] {
    const [aliceDoc, bobDoc] = replicasWith(type, attrs)
    const alicesForm = openForm(aliceDoc, alice)
    const bobsForm = openForm(bobDoc, bob)
    Object.assign(alicesForm.fields, alices)
    Object.assign(bobsForm.fields, bobs)
    at(T1, () => save(alicesForm))
    at(T2, () => save(bobsForm))
    send(aliceDoc, bobDoc)
    send(bobDoc, aliceDoc)
    return [aliceDoc, bobDoc]
  }

  it('a quote tagged without a paraphrase flag: Alice ticks it while Bob changes the speaker; both kept', () => {
    for (const replica of concurrentSaves('quote', { speaker: 'Putin' }, { paraphrase: true }, { speaker: 'Lavrov' })) {
      expect(recordOf(replica).attrs).toEqual({ speaker: 'Lavrov', paraphrase: true })
    }
  })

  it('an imported claim with no verdict: Alice sets one while Bob changes the claimant; her whole review stays', () => {
    for (const replica of concurrentSaves('claim', { claimant: 'A' }, { verdict: 'false' }, { claimant: 'M' })) {
      expect(recordOf(replica).attrs).toEqual({ claimant: 'M', verdict: 'false', reviewedBy: alice, reviewedAt: T1, reviewedText: SPAN })
    }
  })

  it('a participant list the form would split differently, and untrimmed text: untouched fields are not written', () => {
    const [aliceDoc, bobDoc] = concurrentSaves('event', { participants: ['Smith, John'], summary: ' padded ' }, { participants: 'Putin, Netanyahu' }, { place: 'Sochi' })
    for (const replica of [aliceDoc, bobDoc]) {
      expect(recordOf(replica).attrs).toEqual({ participants: ['Putin', 'Netanyahu'], summary: ' padded ', place: 'Sochi' })
    }
    // Bob's save wrote only the place (and updatedAt).
    expect([...recordMapOf(bobDoc).keys()].filter((key) => key.startsWith('attr.')).sort()).toEqual(['attr.participants', 'attr.place'])
  })
})

import { describe, expect, it } from 'vitest'
import { annotationRecordSchema, type AnnotationRecord } from '../../../../editor/model/annotation'
import { anchorToStored } from '../../../../editor/model/anchor-encoding'
import { assembleRecord, attrKey, commentKey } from '../../../../editor/model/stored-record'
import { seededRandom } from '../../../../bench/lib/seeded-random'

const START = { type: { client: 1, clock: 0 }, item: { client: 1, clock: 4 }, assoc: 0 }
const END = { type: { client: 1, clock: 0 }, item: { client: 1, clock: 9 }, assoc: -1 }

const valid: AnnotationRecord = {
  id: 'c1',
  type: 'claim',
  start: START,
  end: END,
  exact: 'Russia will never allow',
  attrs: { claimant: 'Zhirinovsky', verdict: 'false', evidence: ['https://example.org/e'], reviewedBy: { id: 'u', name: 'Dana' }, reviewedAt: '2026-11-25T10:00:00.000Z' },
  note: 'check',
  createdBy: { id: 'u', name: 'Dana' },
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T11:00:00.000Z',
  comments: [{ id: 'k1', author: { id: 'u', name: 'Dana' }, text: 'Source?', createdAt: '2026-11-25T10:30:00.000Z' }],
  links: [],
  history: [],
}

/** Bad or odd values for each part of a record. */
const MUTATIONS: Array<[string, (record: Record<string, unknown>) => void]> = [
  ['id empty', (r) => (r.id = '')],
  ['id 101 characters', (r) => (r.id = 'x'.repeat(101))],
  ['type unknown', (r) => (r.type = 'opinion')],
  ['exact too long', (r) => (r.exact = 'x'.repeat(20001))],
  ['exact a number', (r) => (r.exact = 7)],
  ['note too long', (r) => (r.note = 'x'.repeat(10001))],
  ['note a number', (r) => (r.note = 3)],
  ['note empty', (r) => (r.note = '')],
  ['createdBy without a name', (r) => (r.createdBy = { id: 'u' })],
  ['createdBy with extra fields', (r) => (r.createdBy = { id: 'u', name: 'D', role: 'x' })],
  ['createdAt not a time', (r) => (r.createdAt = 'yesterday')],
  ['updatedAt not a time', (r) => (r.updatedAt = '2026-13-45')],
  ['verdict unknown', (r) => ((r.attrs as Record<string, unknown>).verdict = 'true-ish')],
  ['attribute of another type', (r) => ((r.attrs as Record<string, unknown>).place = 'Moscow')],
  ['evidence empty string', (r) => ((r.attrs as Record<string, unknown>).evidence = [''])],
  ['reviewedBy a string', (r) => ((r.attrs as Record<string, unknown>).reviewedBy = 'Dana')],
  ['comment text empty', (r) => ((r.comments as Array<Record<string, unknown>>)[0].text = '')],
  ['comment id 101 characters', (r) => ((r.comments as Array<Record<string, unknown>>)[0].id = 'k'.repeat(101))],
  ['comment without author', (r) => delete (r.comments as Array<Record<string, unknown>>)[0].author],
  ['comment time not a time', (r) => ((r.comments as Array<Record<string, unknown>>)[0].createdAt = 'now')],
]

/** The record's entries as data model 2 stores them: the creation fields in `base`, the rest as overrides (`split` of them). */
function entriesOf(record: Record<string, unknown>, overrides: boolean): Array<[string, unknown]> {
  const attrs = record.attrs as Record<string, unknown>
  const attrNames = Object.keys(attrs)
  const baseAttrs = overrides ? Object.fromEntries(Object.entries(attrs).filter(([name]) => name !== attrNames[0])) : attrs
  const entries: Array<[string, unknown]> = [
    [
      'base',
      {
        type: record.type,
        start: anchorToStored(START),
        end: anchorToStored(END),
        exact: record.exact,
        attrs: baseAttrs,
        ...(overrides || record.note === undefined ? {} : { note: record.note }),
        createdBy: record.createdBy,
        createdAt: record.createdAt,
      },
    ],
    ['updatedAt', record.updatedAt],
  ]
  if (overrides && attrNames.length > 0) entries.push([attrKey(attrNames[0]), attrs[attrNames[0]]])
  if (overrides && record.note !== undefined) entries.push(['note', record.note])
  for (const comment of record.comments as Array<Record<string, unknown>>) {
    const { id, ...rest } = comment
    entries.push([commentKey(String(id)), rest])
  }
  return entries
}

describe('assembleRecord validates each part with the rules of annotationRecordSchema', () => {
  it('reads a valid record back exactly, anchors decoded', () => {
    const assembled = assembleRecord(valid.id, entriesOf(valid, true))
    expect(assembled).toEqual({ record: { ...valid, start: { item: START.item, assoc: 0 }, end: { item: END.item, assoc: -1 } } })
    expect(annotationRecordSchema.safeParse('record' in assembled ? assembled.record : null).success).toBe(true)
  })

  for (const overrides of [false, true]) {
    it(`agrees with annotationRecordSchema on every mutation, and on 300 random combinations (${overrides ? 'parts as overrides' : 'all in base'})`, () => {
      const verdicts = (record: Record<string, unknown>) => {
        const whole = annotationRecordSchema.safeParse(record).success
        const assembled = assembleRecord(String(record.id), entriesOf(record, overrides))
        return { whole, assembled: 'record' in assembled }
      }
      for (const [name, mutate] of MUTATIONS) {
        const record = structuredClone(valid) as unknown as Record<string, unknown>
        mutate(record)
        const { whole, assembled } = verdicts(record)
        expect(assembled, name).toBe(whole)
      }
      const random = seededRandom(overrides ? 5 : 6)
      let refused = 0
      for (let round = 0; round < 300; round++) {
        const record = structuredClone(valid) as unknown as Record<string, unknown>
        for (const [, mutate] of MUTATIONS) if (random() < 0.08) mutate(record)
        const { whole, assembled } = verdicts(record)
        expect(assembled, JSON.stringify(record).slice(0, 300)).toBe(whole)
        if (!whole) refused++
      }
      expect(refused).toBeGreaterThan(30)
    })
  }
})

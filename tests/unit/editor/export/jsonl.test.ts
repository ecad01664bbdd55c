import { describe, expect, it } from 'vitest'
import { exportDocument } from '../../../../editor/export/index'
import { toJsonlLines, type JsonlLine } from '../../../../editor/export/jsonl'
import { bodyText, optionsFor } from './support/exactness'
import { loadAstralFixture, loadSeedFixture } from './support/fixtures'
import { handSnapshot } from './support/hand-snapshot'

const seed = loadSeedFixture().snapshot
const astral = loadAstralFixture().snapshot
const parseLines = (body: string) =>
  body
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as JsonlLine)

describe('jsonl: doccano-compatible JSON Lines', () => {
  it('writes one line per document: id, text, upper-case labels, details keyed by annotation id', () => {
    const body = bodyText('jsonl', seed)
    expect(body.endsWith('}\n')).toBe(true)
    const [line, ...rest] = parseLines(body)
    expect(rest).toEqual([])
    expect([line.id, line.text, line.meta.docId, line.meta.title, line.meta.offsetUnit]).toEqual([seed.id, seed.text, seed.id, 'Israel – Russia relations, Part II', 'codepoint'])
    expect(line.label).toHaveLength(36)
    expect(line.label.slice(0, 3)).toEqual([
      [36, 105, 'CLAIM'],
      [62, 80, 'EVENT'],
      [475, 509, 'CLAIM'],
    ])
    expect(line.meta.annotations['cl-churkin']).toEqual({
      label: 'CLAIM',
      start: 5417,
      end: 5514,
      exact: 'Russian UN Ambassador Vitaly Churkin proposed delaying a vote on Security Council Resolution 2334',
      state: 'changed-since-review',
      attrs: {
        claimant: 'Article author',
        verdict: 'supported',
        rationale: 'Reported by Reuters on 23 December 2016.',
        reviewedBy: { id: 'user-alice', name: 'Alice Cohen' },
        reviewedAt: '2026-11-25T16:45:00.000Z',
        reviewedText: 'Russian UN Ambassador Vitaly Churkin proposed postponing a vote on Security Council Resolution 2334',
      },
    })
  })

  it('lists detached annotations in meta, never as labels', () => {
    const [line] = toJsonlLines(seed, optionsFor('jsonl'))
    expect(line.meta.detached).toEqual([
      {
        id: 'ev-airstrikes-warning',
        label: 'EVENT',
        exact: 'the Russian Deputy Foreign Minister urged Israel to cease its airstrikes in Syria',
        attrs: { date: '2019-02-07', participants: ['Sergei Ryabkov'] },
        note: 'Sentence removed in copy edit; kept for the record.',
      },
    ])
    expect(line.meta.annotations['ev-airstrikes-warning']).toBeUndefined()
  })

  it('in paragraph mode writes one line per block, offsets relative to it, cross-block spans clipped', () => {
    const lines = parseLines(bodyText('jsonl', seed, { unit: 'paragraph' }))
    expect(lines).toHaveLength(seed.blocks.length)
    expect(lines.map((line) => line.id).slice(0, 3)).toEqual(['israel-russia-part-2:0', 'israel-russia-part-2:1', 'israel-russia-part-2:2'])
    expect(lines[0].meta).toMatchObject({ block: 0, blockType: 'heading', annotations: {} })
    expect(lines[0].meta.detached).toHaveLength(1)
    expect(lines.slice(1).every((line) => line.meta.detached === undefined)).toBe(true)
    expect(lines[1].label).toEqual([
      [0, 69, 'CLAIM'],
      [26, 44, 'EVENT'],
    ])
    expect(lines[1].meta.annotations['cl-caption'].clipped).toBeUndefined()
    const parts = lines.filter((line) => 'cl-grand-bargain' in line.meta.annotations).map((line) => line.meta.annotations['cl-grand-bargain'])
    expect(parts).toEqual([
      expect.objectContaining({
        clipped: true,
        exact: 'might be interested in resolving the conflict in Syria in exchange for the lifting of sanctions imposed in response to Russia’s actions in Ukraine.',
      }),
      expect.objectContaining({ clipped: true, start: 0, end: 53, exact: 'Current and former U.S. officials said that bin Zayed' }),
    ])
  })

  it('counts code points or UTF-16 units as asked', () => {
    const labelOf = (unit: string, id: string) => {
      const [line] = toJsonlLines(astral, optionsFor('jsonl', { offsets: unit }))
      const detail = line.meta.annotations[id]
      return [detail.start, detail.end]
    }
    expect([labelOf('codepoint', 'a-thumbs'), labelOf('utf16', 'a-thumbs')]).toEqual([
      [45, 47],
      [48, 52],
    ])
    expect([labelOf('codepoint', 'a-family'), labelOf('utf16', 'a-family')]).toEqual([
      [154, 159],
      [165, 173],
    ])
    const paragraph = toJsonlLines(astral, optionsFor('jsonl', { unit: 'paragraph' }))
    // a-lost-start lost its first words (the end of block 2): it now starts in block 3 and is not clipped.
    expect(paragraph.find((line) => line.meta.block === 2)!.meta.annotations['a-lost-start']).toBeUndefined()
    expect(paragraph.find((line) => line.meta.block === 3)!.meta.annotations['a-lost-start']).toEqual({
      label: 'EVENT',
      start: 0,
      end: 4,
      exact: 'שלום',
      state: 'attached',
      attrs: {},
      note: 'Its first words are deleted below: it then starts at the block break.',
    })
  })

  it('names the annotation of each label in label_ids, a top-level key doccano keeps as metadata', () => {
    for (const unit of ['document', 'paragraph']) {
      for (const line of parseLines(bodyText('jsonl', seed, { unit }))) {
        expect(line.label_ids).toHaveLength(line.label.length)
        expect(new Set(line.label_ids).size).toBe(line.label_ids.length)
        // What a dataset user does after a doccano import: the example's metadata is every key but text and label.
        const { text: _text, label, ...metadata } = line
        label.forEach(([start, end, name], index) => expect(metadata.meta.annotations[metadata.label_ids[index]]).toMatchObject({ start, end, label: name }))
      }
    }
    const [line] = toJsonlLines(seed, optionsFor('jsonl'))
    expect(line.label_ids.slice(0, 3)).toEqual(['cl-caption', 'ev-caption-meeting', 'cl-putin-2001'])
    expect(Object.keys(line)).toEqual(['id', 'text', 'label', 'label_ids', 'meta'])
  })

  it('keeps every record on one line (U+2028 escaped) and odd ids as plain keys', () => {
    const snapshot = handSnapshot('a\u2028b\u2029c\n\nd', [['__proto__', 'quote', 0, 3]])
    const body = bodyText('jsonl', snapshot)
    expect(body).toBe(
      '{"id":"hand","text":"a\\u2028b\\u2029c\\n\\nd","label":[[0,3,"QUOTE"]],"label_ids":["__proto__"],"meta":{"docId":"hand","title":"Hand-made","offsetUnit":"codepoint","annotations":{"__proto__":{"label":"QUOTE","start":0,"end":3,"exact":"a\\u2028b","state":"attached","attrs":{}}},"detached":[]}}\n',
    )
    expect(Object.keys(JSON.parse(body).meta.annotations)).toEqual(['__proto__'])
  })

  it('writes nothing for a document without text in paragraph mode, and is served as JSON Lines', () => {
    expect(bodyText('jsonl', handSnapshot('', []), { unit: 'paragraph' })).toBe('')
    const result = exportDocument(seed, optionsFor('jsonl'))
    expect([result.contentType, result.extension]).toEqual(['application/jsonl; charset=utf-8', 'jsonl'])
  })
})

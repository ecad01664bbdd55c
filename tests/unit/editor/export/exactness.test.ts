import { describe, expect, it } from 'vitest'
import { OFFSET_UNITS } from '../../../../editor/model/offsets'
import { expectExportsExact, runPythonJsonlCheck } from './support/exactness'
import { loadAstralFixture, loadSeedFixture } from './support/fixtures'

const fixtures = { seed: loadSeedFixture(), astral: loadAstralFixture() }

describe('every exported offset points at the exported text', () => {
  for (const [name, { snapshot }] of Object.entries(fixtures)) {
    for (const unit of OFFSET_UNITS) {
      it(`${name} fixture, ${unit} offsets: json, w3c, jsonl (checked by Python too), csv, brat, claimreview`, () => {
        expectExportsExact(snapshot, unit)
      })
    }
  }

  it('the astral fixture really has astral characters, combining marks and spans on them', () => {
    const { snapshot } = fixtures.astral
    expect(snapshot.text.length).toBeGreaterThan(Array.from(snapshot.text).length)
    expect(snapshot.text).toContain('e\u0301')
    expect(snapshot.text).not.toContain('\r')
    const exacts = snapshot.annotations.map((annotation) => annotation.exact)
    expect(exacts).toEqual(expect.arrayContaining(['😀', '👍🏽', '𝔘nicode', 'cafe\u0301', 'שלום 😀 עולם', '👨‍👩‍👧', '𝔘']))
  })

  it('the Python checker fails on a wrong offset (it is not vacuous)', () => {
    const line = {
      id: 'x',
      text: 'a😀b',
      label: [[1, 3, 'EVENT']],
      label_ids: ['e'],
      meta: { offsetUnit: 'codepoint', annotations: { e: { label: 'EVENT', start: 1, end: 3, exact: '😀b' } } },
    }
    expect(runPythonJsonlCheck(`${JSON.stringify(line)}\n`, 'codepoint', [[['EVENT', '😀b']]]).status).toBe(0)
    expect(runPythonJsonlCheck(`${JSON.stringify({ ...line, label_ids: ['f'] })}\n`, 'codepoint', [[['EVENT', '😀b']]])).toMatchObject({ status: 1 })
    expect(runPythonJsonlCheck(`${JSON.stringify({ ...line, label_ids: [] })}\n`, 'codepoint', [[['EVENT', '😀b']]])).toMatchObject({ status: 1 })
    expect(runPythonJsonlCheck(`${JSON.stringify(line)}\n`, 'utf16', [[['EVENT', '😀b']]])).toMatchObject({ status: 1 })
    expect(runPythonJsonlCheck(`${JSON.stringify(line)}\n`, 'codepoint', [[['EVENT', '😀']]])).toMatchObject({ status: 1 })
  })
})

import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { OFFSET_UNITS } from '../../../../editor/model/offsets'
import { bodyText } from './support/exactness'
import { REPO_ROOT, loadAstralFixture, loadSeedFixture } from './support/fixtures'

const schema = JSON.parse(readFileSync(`${REPO_ROOT}docs/spanwise-export.schema.json`, 'utf8'))
// Strict mode: the schema itself must have no unknown keywords, formats or type gaps.
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema)
const fixtures = { seed: loadSeedFixture().snapshot, astral: loadAstralFixture().snapshot }

/** The native export of the seed fixture, changed by `change`. */
function brokenSeed(change: (exported: any) => void): unknown {
  const exported = JSON.parse(bodyText('json', fixtures.seed))
  change(exported)
  return exported
}

const errorsOf = (value: unknown) => (validate(value) ? [] : validate.errors!.map((error) => `${error.instancePath} ${error.message}`))

describe('docs/spanwise-export.schema.json describes the native export', () => {
  for (const [name, snapshot] of Object.entries(fixtures)) {
    for (const unit of OFFSET_UNITS) {
      it(`validates the ${name} fixture exported with ${unit} offsets`, () => {
        expect(errorsOf(JSON.parse(bodyText('json', snapshot, { offsets: unit })))).toEqual([])
      })
    }
  }

  it('refuses broken exports, naming the field', () => {
    const seedExport = JSON.parse(bodyText('json', fixtures.seed)) as { annotations: Array<{ id: string }> }
    const at = (id: string) => seedExport.annotations.findIndex((annotation) => annotation.id === id)
    const [annexation, detached] = [at('ev-annexation'), at('ev-airstrikes-warning')]
    expect(errorsOf(brokenSeed((exported) => (exported.annotations[0].start = '36')))).toContain('/annotations/0/start must be integer')
    expect(errorsOf(brokenSeed((exported) => delete exported.annotations[1].exact))).toContain("/annotations/1 must have required property 'exact'")
    expect(errorsOf(brokenSeed((exported) => (exported.annotations[1].attrs.verdict = 'false')))).toContain('/annotations/1/attrs must NOT have additional properties')
    expect(errorsOf(brokenSeed((exported) => (exported.annotations[annexation].attrs.date = '2014-13')))).toContainEqual(
      expect.stringMatching(new RegExp(`^/annotations/${annexation}/attrs/date must match pattern`)),
    )
    expect(errorsOf(brokenSeed((exported) => (exported.annotations[detached].start = 5)))).toContain(`/annotations/${detached}/start must be null`)
    expect(errorsOf(brokenSeed((exported) => (exported.offsetUnit = 'bytes')))).toContain('/offsetUnit must be equal to one of the allowed values')
    expect(errorsOf(brokenSeed((exported) => delete exported.blocks[0].level))).toContain("/blocks/0 must have required property 'level'")
  })
})

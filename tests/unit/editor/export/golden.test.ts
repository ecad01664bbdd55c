import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { toBratAnn } from '../../../../editor/export/brat'
import type { ExportFormat } from '../../../../editor/export/index'
import { bodyText } from './support/exactness'
import { FIXTURES_DIR, loadSeedFixture } from './support/fixtures'

// UPDATE_GOLDEN=1 npx vitest run --config tests/vitest.config.ts tests/unit/editor/export/golden.test.ts
const UPDATE = process.env.UPDATE_GOLDEN === '1'
const GOLDEN_DIR = `${FIXTURES_DIR}golden/`

const { snapshot } = loadSeedFixture()

const goldens: Array<[file: string, produce: () => string]> = [
  ...(
    [
      ['seed.json', 'json'],
      ['seed.w3c.jsonld', 'w3c'],
      ['seed.jsonl', 'jsonl'],
      ['seed.csv', 'csv'],
      ['seed.claimreview.jsonld', 'claimreview'],
    ] as Array<[string, ExportFormat]>
  ).map(([file, format]): [string, () => string] => [file, () => bodyText(format, snapshot)]),
  ['seed.paragraphs.jsonl', () => bodyText('jsonl', snapshot, { unit: 'paragraph' })],
  ['seed.ann', () => toBratAnn(snapshot, {})],
]

describe('golden exports of the seed fixture (byte for byte; UPDATE_GOLDEN=1 rewrites them)', () => {
  for (const [file, produce] of goldens) {
    it(file, () => {
      const path = `${GOLDEN_DIR}${file}`
      const actual = Buffer.from(produce(), 'utf8')
      if (UPDATE) writeFileSync(path, actual)
      expect(existsSync(path), `${file} is missing: run with UPDATE_GOLDEN=1`).toBe(true)
      expect(readFileSync(path).equals(actual), `${file} differs from the export: review the diff, then UPDATE_GOLDEN=1`).toBe(true)
    })
  }
})

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv2020 from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { toClaimReviews } from '../../../../editor/export/claimreview'
import type { NativeExport } from '../../../../editor/export/json'
import type { JsonlLine } from '../../../../editor/export/jsonl'
import { takeSnapshot, type DocumentSnapshot } from '../../../../editor/export/snapshot'
import { toW3cCollection } from '../../../../editor/export/w3c'
import { buildInitialState } from '../../../../editor/import/index'
import { ANNOTATIONS_MAP, META_MAP } from '../../../../editor/model/doc-layout'
import type { DocumentDetails } from '../../../../editor/model/document-source'
import { updateDocumentDetails } from '../../../../editor/yjs/document-details'
import { bodyText, runPythonJsonlCheck } from './support/exactness'
import { REPO_ROOT, loadSeedFixture } from './support/fixtures'
import { handSnapshot } from './support/hand-snapshot'
import { spanAnnotations } from './support/w3c-items'

const ARTICLE = 'https://www.israpundit.example/israel-russia-part-2'
const FACTCHECK_PAGE = 'https://factcheck.example/reviews/israel-russia-part-2'
const DETAILS: DocumentDetails = {
  source: { url: ARTICLE, publisher: 'Israpundit', authors: ['Ted Belman', 'Alexander Maistrovoy'], published: '2020-03', language: 'en' },
  factcheck: { baseUrl: FACTCHECK_PAGE, organization: { name: 'Example Fact Check', url: 'https://factcheck.example/' } },
}
const CLAIM_SOURCE = 'https://www.kremlin.example/events/2001'
const CLAIM_ARCHIVE = 'https://web.archive.org/web/2020/https://www.kremlin.example/events/2001'

/** The seed fixture with `details` in place of its own, and the first reviewed claim given a source URL and its archived copy. */
function sourcedSeed(details: DocumentDetails = DETAILS, tamper?: (meta: Y.Map<unknown>) => void): DocumentSnapshot {
  const { ydoc: fixture, spec } = loadSeedFixture()
  const ydoc = new Y.Doc()
  Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(fixture))
  updateDocumentDetails(ydoc, details, { source: spec.document.details?.source ?? {}, factcheck: {} })
  const claim = ydoc.getMap(ANNOTATIONS_MAP).get('cl-putin-2001') as Y.Map<unknown>
  claim.set('attr.sourceUrl', CLAIM_SOURCE)
  claim.set('attr.archiveUrl', CLAIM_ARCHIVE)
  tamper?.(ydoc.getMap(META_MAP))
  return takeSnapshot(spec.document.id, ydoc)
}

const schema = JSON.parse(readFileSync(`${REPO_ROOT}docs/spanwise-export.schema.json`, 'utf8'))
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema)
const errorsOf = (value: unknown) => (validate(value) ? [] : validate.errors!.map((error) => `${error.instancePath} ${error.message}`))

const CHECK_SOURCES = fileURLToPath(new URL('./support/check_sources.py', import.meta.url))

/** Runs check_sources.py on the four exports of a snapshot (`change` may tamper with the files first). */
function runPythonSourceCheck(snapshot: DocumentSnapshot, change: (files: Record<string, string>) => void = () => undefined) {
  const directory = mkdtempSync(join(tmpdir(), 'spanwise-sources-'))
  try {
    const files: Record<string, string> = {
      'export.json': bodyText('json', snapshot),
      'export.w3c.jsonld': bodyText('w3c', snapshot),
      'export.jsonl': bodyText('jsonl', snapshot),
      'export.claimreview.jsonld': bodyText('claimreview', snapshot),
    }
    change(files)
    for (const [name, body] of Object.entries(files)) writeFileSync(join(directory, name), body, 'utf8')
    const result = spawnSync('python3', [CHECK_SOURCES, ...Object.keys(files).map((name) => join(directory, name))], { encoding: 'utf8' })
    if (result.error) throw result.error
    return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() }
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

describe('exports carry the document source', () => {
  const snapshot = sourcedSeed()

  it('json: document.source and document.factcheck, valid against the JSON Schema, with the claim’s source URLs', () => {
    const exported = JSON.parse(bodyText('json', snapshot)) as NativeExport
    expect(exported.document).toEqual({ id: 'israel-russia-part-2', title: 'Israel – Russia relations, Part II', createdAt: '2026-11-25T10:00:00.000Z', ...DETAILS })
    expect(exported.annotations.find((annotation) => annotation.id === 'cl-putin-2001')!.attrs).toMatchObject({ sourceUrl: CLAIM_SOURCE, archiveUrl: CLAIM_ARCHIVE })
    expect(errorsOf(exported)).toEqual([])
    const broken = (change: (value: any) => void) => {
      const copy = JSON.parse(JSON.stringify(exported))
      change(copy)
      return errorsOf(copy)
    }
    expect(broken((copy) => (copy.document.source.url = 'javascript:alert(1)'))).toContain(
      '/document/source/url must match pattern "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#@]+([/?#]\\S*)?$"',
    )
    expect(broken((copy) => (copy.document.source.published = 'March 2020'))).toContainEqual(expect.stringMatching(/^\/document\/source\/published must match pattern/))
    expect(broken((copy) => (copy.document.source.extra = 1))).toContain('/document/source must NOT have additional properties')
    expect(broken((copy) => (copy.document.factcheck.baseUrl = `${FACTCHECK_PAGE}#x`))).toContainEqual(
      expect.stringMatching(/^\/document\/factcheck\/baseUrl must match pattern "\^\[\^#\]\*\$"/),
    )
    expect(broken((copy) => (copy.document.source = {}))).toContain('/document/source must NOT have fewer than 1 properties')
    const claimIndex = exported.annotations.findIndex((annotation) => annotation.id === 'cl-putin-2001')
    expect(broken((copy) => (copy.annotations[claimIndex].attrs.archiveUrl = 'data:text/html,x'))).toContainEqual(
      expect.stringMatching(new RegExp(`^/annotations/${claimIndex}/attrs/archiveUrl must match pattern`)),
    )
  })

  it('w3c: every annotation targets the article’s URL; the document keeps its URN and carries the source', () => {
    const collection = toW3cCollection(snapshot, {})
    expect(new Set(spanAnnotations(collection).map((item) => item.target.source))).toEqual(new Set([ARTICLE]))
    expect(collection['spanwise:document']).toMatchObject({ id: 'urn:spanwise:israel-russia-part-2', ...DETAILS })
    const claim = spanAnnotations(collection).find((item) => item.id.endsWith(':cl-putin-2001'))!
    expect(claim.body.filter((body) => body.label === 'sourceUrl' || body.label === 'archiveUrl')).toEqual([
      { type: 'TextualBody', purpose: 'describing', label: 'sourceUrl', value: CLAIM_SOURCE },
      { type: 'TextualBody', purpose: 'describing', label: 'archiveUrl', value: CLAIM_ARCHIVE },
    ])
    // Without a source URL the target is the document's URN, as before.
    expect(new Set(spanAnnotations(toW3cCollection(loadSeedFixture().snapshot, {})).map((item) => item.target.source))).toEqual(new Set(['urn:spanwise:israel-russia-part-2']))
  })

  it('claimreview: the fact-check page as url, the review’s own address as sameAs, the article as appearance, the organization as author', () => {
    const [review] = toClaimReviews(snapshot, {})
    expect(review).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: FACTCHECK_PAGE,
      sameAs: `${FACTCHECK_PAGE}#claim-cl-putin-2001`,
      identifier: 'urn:spanwise:israel-russia-part-2:cl-putin-2001',
      claimReviewed: 'Putin was elected in 2001',
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'false' },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Person', name: 'Article author' },
        appearance: {
          '@type': 'CreativeWork',
          url: ARTICLE,
          name: 'Israel – Russia relations, Part II',
          identifier: 'urn:spanwise:israel-russia-part-2',
          author: [
            { '@type': 'Person', name: 'Ted Belman' },
            { '@type': 'Person', name: 'Alexander Maistrovoy' },
          ],
          publisher: { '@type': 'Organization', name: 'Israpundit' },
          datePublished: '2020-03',
          inLanguage: 'en',
        },
        firstAppearance: { '@type': 'CreativeWork', url: CLAIM_SOURCE, archivedAt: CLAIM_ARCHIVE },
      },
      author: { '@type': 'Organization', name: 'Example Fact Check', url: 'https://factcheck.example/' },
      contributor: { '@type': 'Person', name: 'Bob Ivanov' },
      datePublished: '2026-11-25',
      reviewBody: 'Putin was first elected President of Russia on 26 March 2000.',
    })
    // Ids are percent-encoded in the fragment, as in the URNs.
    const hand = handSnapshot('Words to check.', [['cl a/b#1', 'claim', 0, 5]])
    hand.annotations[0].attrs = { verdict: 'false' }
    hand.factcheck = { baseUrl: FACTCHECK_PAGE }
    expect(toClaimReviews(hand, {}).map((entry) => [entry.sameAs, entry.identifier])).toEqual([[`${FACTCHECK_PAGE}#claim-cl%20a%2Fb%231`, 'urn:spanwise:hand:cl%20a%2Fb%231']])
  })

  it('claimreview: the export options replace the document’s fact-check settings; without any, no url and the URN as sameAs', () => {
    const [overridden] = toClaimReviews(snapshot, { baseUrl: 'https://other.example/checks', organization: 'Other Checkers' })
    expect(overridden).toMatchObject({
      url: 'https://other.example/checks',
      sameAs: 'https://other.example/checks#claim-cl-putin-2001',
      author: { '@type': 'Organization', name: 'Other Checkers' },
      contributor: { '@type': 'Person', name: 'Bob Ivanov' },
    })
    const [plain] = toClaimReviews(sourcedSeed({ source: DETAILS.source, factcheck: {} }), {})
    expect(plain).not.toHaveProperty('url')
    expect(plain).not.toHaveProperty('contributor')
    expect(plain).toMatchObject({ sameAs: plain.identifier, author: { '@type': 'Person', name: 'Bob Ivanov' } })
    expect(plain.itemReviewed.appearance.url).toBe(ARTICLE)
  })

  it('jsonl: meta.source on every line, which the Python checker reads', () => {
    const lines = bodyText('jsonl', snapshot, { unit: 'paragraph' })
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonlLine)
    expect(lines.every((line) => JSON.stringify(line.meta.source) === JSON.stringify(DETAILS.source))).toBe(true)
    const body = bodyText('jsonl', snapshot)
    const labels = (JSON.parse(body) as JsonlLine).label.map(([start, end, label]) => [label, Array.from(snapshot.text).slice(start, end).join('')])
    expect(runPythonJsonlCheck(body, 'codepoint', [labels])).toEqual({ status: 0, output: JSON.stringify({ lines: 1, labels: labels.length }) })
  })

  it('pass the Python source checker: every URL absolute http(s), the same source in every format', () => {
    expect(runPythonSourceCheck(snapshot)).toEqual({ status: 0, output: JSON.stringify({ urls: 76, reviews: 8 }) })
    expect(runPythonSourceCheck(sourcedSeed({ source: { publisher: 'Israpundit' }, factcheck: {} }))).toEqual({ status: 0, output: JSON.stringify({ urls: 4, reviews: 8 }) })
    const tampered = runPythonSourceCheck(snapshot, (files) => {
      files['export.w3c.jsonld'] = files['export.w3c.jsonld'].replace(`"source": "${ARTICLE}"`, '"source": "javascript:alert(1)"')
      files['export.claimreview.jsonld'] = files['export.claimreview.jsonld'].replace(`"url": "${FACTCHECK_PAGE}"`, '"url": "https://user:pw@factcheck.example/"')
    })
    expect(tampered.status).toBe(1)
    expect(tampered.output).toContain("w3c urn:spanwise:israel-russia-part-2:cl-caption: target.source is 'javascript:alert(1)'")
    expect(tampered.output).toContain("claimreview urn:spanwise:israel-russia-part-2:cl-putin-2001 url: 'https://user:pw@factcheck.example/' carries credentials")
  })
})

describe('hostile document details never reach an export', () => {
  it('a javascript: URL, a huge value or a nested object in meta is left out of every format, and nothing crashes', () => {
    const snapshot = sourcedSeed({ source: {}, factcheck: {} }, (meta) => {
      meta.set('source.url', 'javascript:alert(document.cookie)')
      meta.set('source.publisher', 'x'.repeat(1_000_000))
      meta.set('source.authors', { evil: { nested: ['<img src=x onerror=alert(1)>'] } })
      meta.set('factcheck.baseUrl', 'javascript:alert(2)//')
      meta.set('factcheck.organization', { name: 'Org', url: 'data:text/html,<script>alert(3)</script>' })
    })
    expect([snapshot.source, snapshot.factcheck]).toEqual([{}, {}])
    for (const format of ['json', 'w3c', 'jsonl', 'csv', 'claimreview'] as const) {
      const body = bodyText(format, snapshot)
      expect(body, format).not.toMatch(/javascript:|data:text|onerror|xxxxxxxxxx/)
    }
    expect(runPythonSourceCheck(snapshot)).toEqual({ status: 0, output: JSON.stringify({ urls: 4, reviews: 8 }) })
  })
})

describe('importing an export keeps its source', () => {
  const snapshot = sourcedSeed()
  const reimport = (format: 'json' | 'w3c', sourceMetadata?: DocumentDetails['source']) => {
    const { update } = buildInitialState(
      { title: 'Again', format, source: bodyText(format, snapshot), ...(sourceMetadata ? { sourceMetadata } : {}) },
      () => {
        throw new Error('no HTML here')
      },
      { title: 'Again', createdAt: '2026-12-05T10:00:00.000Z' },
    )
    return takeSnapshot('again', update)
  }

  it('json and w3c round trips carry the source and the fact-check settings', () => {
    for (const format of ['json', 'w3c'] as const) {
      const again = reimport(format)
      expect({ source: again.source, factcheck: again.factcheck }, format).toEqual(DETAILS)
      expect(again.annotations.find((annotation) => annotation.id === 'cl-putin-2001')!.attrs, format).toMatchObject({ sourceUrl: CLAIM_SOURCE, archiveUrl: CLAIM_ARCHIVE })
    }
  })

  it('each source field the request gives replaces the file’s; a bad one in the file is dropped', () => {
    expect(reimport('json', { publisher: 'Israpundit.org', language: 'he' }).source).toEqual({ ...DETAILS.source, publisher: 'Israpundit.org', language: 'he' })
    const file = JSON.parse(bodyText('json', snapshot)) as NativeExport
    ;(file.document.source as Record<string, unknown>).url = 'javascript:alert(1)'
    const { update } = buildInitialState(
      { title: 'T', format: 'json', source: JSON.stringify(file) },
      () => {
        throw new Error('no HTML here')
      },
      { title: 'T', createdAt: '2026-12-05T10:00:00.000Z' },
    )
    const { url: _url, ...rest } = DETAILS.source
    expect(takeSnapshot('t', update).source).toEqual(rest)
  })
})

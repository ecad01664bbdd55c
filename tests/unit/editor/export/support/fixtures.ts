import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { takeSnapshot, type DocumentSnapshot } from '../../../../../editor/export/snapshot'
import { importPlainText } from '../../../../../editor/import/plain-text'
import type { AnnotationType, Person } from '../../../../../editor/model/annotation'
import type { DocumentDetails } from '../../../../../editor/model/document-source'
import { createAnnotation } from '../../../../../editor/model/annotation-store'
import { encodeInitialDocument } from '../../../../../editor/yjs/document-content'
import { replaceWords, spanOfWords, type Words } from './tag-text'

/** The repository root, so fixtures load whatever the working directory is. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url))

/** Where the fixtures live. */
export const FIXTURES_DIR = `${REPO_ROOT}tests/fixtures/`

/** One annotation of a fixture: the words it tags and everything its record holds. */
export interface FixtureAnnotation extends Words {
  id: string
  type: AnnotationType
  /** Key into `people`. */
  by: string
  at: string
  updatedAt?: string
  attrs?: Record<string, unknown>
  note?: string
  /** A claim's review: fills in reviewedBy, reviewedAt and reviewedText (the span's text when tagged). */
  review?: { by: string; at: string }
  comments?: Array<{ id: string; by: string; at: string; text: string }>
}

/** A fixture file: a text document, its annotations, then text edits made after tagging. */
export interface FixtureSpec {
  /** `source` is the text file; `details` the document's source and fact-check settings (its `meta` entries). */
  document: { id: string; title: string; createdAt: string; source: string; details?: Partial<DocumentDetails> }
  people: Record<string, Person>
  annotations: FixtureAnnotation[]
  edits?: Array<Words & { replace: string }>
}

/** Reads a fixture spec from tests/fixtures/. */
export function readFixtureSpec(fileName: string): FixtureSpec {
  return JSON.parse(readFileSync(`${FIXTURES_DIR}${fileName}`, 'utf8')) as FixtureSpec
}

/** The source text of a fixture document, exactly as on disk. */
function fixtureSource(spec: FixtureSpec): string {
  return readFileSync(`${REPO_ROOT}${spec.document.source}`, 'utf8')
}

/** The initial Yjs update of a fixture document, as the collab server would create it. */
function fixtureInitialUpdate(spec: FixtureSpec): Uint8Array {
  const content = importPlainText(fixtureSource(spec), { title: spec.document.title })
  return encodeInitialDocument(content, { title: spec.document.title, createdAt: spec.document.createdAt, details: spec.document.details })
}

function person(spec: FixtureSpec, key: string): Person {
  const found = spec.people[key]
  if (!found) throw new Error(`fixture: unknown person "${key}"`)
  return found
}

/** Writes one fixture annotation with its fixed times, review and comments, in one record. */
function writeAnnotation(ydoc: Y.Doc, spec: FixtureSpec, annotation: FixtureAnnotation): void {
  const createdBy = person(spec, annotation.by)
  const span = spanOfWords(ydoc, annotation)
  const review = annotation.review ? { reviewedBy: person(spec, annotation.review.by), reviewedAt: annotation.review.at, reviewedText: span.exact } : {}
  const comments = (annotation.comments ?? []).map((comment) => ({ id: comment.id, author: person(spec, comment.by), text: comment.text, createdAt: comment.at }))
  const times = [annotation.at, annotation.review?.at ?? '', ...comments.map((comment) => comment.createdAt)]
  createAnnotation(ydoc, {
    id: annotation.id,
    type: annotation.type,
    ...span,
    attrs: { ...annotation.attrs, ...review },
    note: annotation.note,
    createdBy,
    createdAt: annotation.at,
    updatedAt: annotation.updatedAt ?? times.sort().at(-1)!,
    comments,
  })
}

/**
 * Builds a fixture's Y.Doc deterministically: fixed client id, fixed annotation ids and times
 * (written into the records, not taken from the clock), then the edits in order.
 */
export function buildFixtureDoc(spec: FixtureSpec): Y.Doc {
  const ydoc = new Y.Doc()
  ydoc.clientID = 1
  Y.applyUpdate(ydoc, fixtureInitialUpdate(spec))
  for (const annotation of spec.annotations) writeAnnotation(ydoc, spec, annotation)
  for (const edit of spec.edits ?? []) replaceWords(ydoc, edit, edit.replace)
  return ydoc
}

/** A fixture as exporters see it. */
export interface LoadedFixture {
  spec: FixtureSpec
  ydoc: Y.Doc
  snapshot: DocumentSnapshot
}

/** Loads, builds and snapshots a fixture file. */
function loadFixture(fileName: string): LoadedFixture {
  const spec = readFixtureSpec(fileName)
  const ydoc = buildFixtureDoc(spec)
  return { spec, ydoc, snapshot: takeSnapshot(spec.document.id, ydoc) }
}

/** The seed article with its annotations (tests/fixtures/seed-annotations.json). */
export const loadSeedFixture = () => loadFixture('seed-annotations.json')

/** Emoji, astral letters, combining marks, Hebrew and CRLF (tests/fixtures/astral-annotations.json). */
export const loadAstralFixture = () => loadFixture('astral-annotations.json')

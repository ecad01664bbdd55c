import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import type { Logger, LogFields } from '../../collab-server/logger'
import { mergeStoredUpdates } from '../../collab-server/persistence/merge-updates'
import { SQLITE_FILE_NAME, SqliteStore } from '../../collab-server/persistence/sqlite-store'
import { exportFromState, parseExportOptions } from '../../editor/export/export-request'
import { EXPORT_FORMATS } from '../../editor/export/options'
import type { AnnotationRecord } from '../../editor/model/annotation'
import { annotationsMap, readAnnotations } from '../../editor/model/annotation-store'
import { CloseCode } from '../../editor/model/close-codes'
import { DATA_MODEL_REVISION, DATA_MODEL_VERSION, META_MAP, RECORD_KEYS } from '../../editor/model/doc-layout'
import { v1RecordMap } from '../../editor/model/v1-records'
import { fetchStoredDoc } from './support/http-client'
import { removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'
import { connectClient, contentXml, waitForSynced, type YjsClient } from './support/yjs-client'

const run = promisify(execFile)
const FIXTURE = join(process.cwd(), 'tests', 'fixtures', 'v1-store')
// The exports the previous release wrote from this store. Files changed since on purpose, with the
// format (issue 13), each only by that change (a script checked it when they were rewritten): each
// brat zip's annotation.conf (relations and overlaps declared), its .ann (numbered in creation
// order, notes carrying the other attributes) and its new .ids.tsv; each w3c export's @context
// (Spanwise's own JSON-LD context added); each jsonl line's label_ids. The .txt files are as that
// release wrote them.
const EXPECTED = join(FIXTURE, 'expected')
const DOCS = ['israel-russia-part-2', 'astral-fixture'] as const
const SECRET = 'integration-secret-that-is-long-enough-42'

/** A temporary data directory holding a fresh copy of the data model 1 store. */
function copyOfV1Store(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spanwise-v1-store-'))
  copyFileSync(join(FIXTURE, 'data', SQLITE_FILE_NAME), join(dir, SQLITE_FILE_NAME))
  return dir
}

/** A logger that keeps every line (event and fields). */
function capturingLogger(): Logger & { readonly lines: Array<{ event: string; fields: LogFields }> } {
  const lines: Array<{ event: string; fields: LogFields }> = []
  const keep = (event: string, fields: LogFields = {}) => lines.push({ event, fields })
  return { lines, debug: keep, info: keep, warn: keep, error: keep }
}

const upgradeLines = (logger: ReturnType<typeof capturingLogger>) =>
  logger.lines
    .filter((line) => line.event === 'document-upgraded')
    .map((line) => line.fields)
    .sort((a, b) => String(a.docId).localeCompare(String(b.docId)))

/** What a data model 1 document held, read straight from a copy of the store the server never opened. */
interface V1Document {
  readonly createdAt: string
  readonly state: Uint8Array
  /** Each record map as plain JSON (the v1 fields, the comments as an array), by id. */
  readonly records: Map<string, Record<string, unknown>>
}

async function readV1Store(dataDir: string): Promise<Map<string, V1Document>> {
  const store = SqliteStore.open(dataDir)
  try {
    const documents = new Map<string, V1Document>()
    for (const { id, createdAt } of await store.listDocuments()) {
      const state = mergeStoredUpdates((await store.loadUpdates(id)).map((update) => update.data))
      const doc = new Y.Doc()
      Y.applyUpdate(doc, state)
      const records = new Map([...annotationsMap(doc).entries()].map(([key, map]) => [key, (map as Y.Map<unknown>).toJSON()]))
      documents.set(id, { createdAt, state, records })
      expect(doc.getMap(META_MAP).get('schemaVersion'), `${id} in the fixture`).toBe(1)
    }
    return documents
  } finally {
    await store.close()
  }
}

/** Where an anchor points in `doc`: the text it is in (by its item id) and the index in it. */
function place(doc: Y.Doc, anchor: unknown) {
  const absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor), doc)
  if (absolute === null) return null
  return { type: absolute.type._item?.id ?? null, index: absolute.index, assoc: absolute.assoc }
}

describe('a store written by data model 1, opened by this release', () => {
  let dataDir: string
  let server: TestServer
  let logger: ReturnType<typeof capturingLogger>
  let adminToken: string
  let v1: Map<string, V1Document>
  const clients: YjsClient[] = []
  const tempDirs: string[] = []

  const token = (doc: string, role: 'editor' | 'annotator') => signShareToken(SECRET, { doc, role })
  const connect = async (doc: string, role: 'editor' | 'annotator', params: Record<string, string>) => {
    const client = connectClient(server.wsUrl, doc, { token: await token(doc, role), ...params })
    clients.push(client)
    return client
  }
  /** A client of this release: the document's createdAt and the data model it reads and writes. */
  const current = (doc: string, role: 'editor' | 'annotator' = 'editor') =>
    connect(doc, role, { createdAt: v1.get(doc)!.createdAt, schemaVersion: String(DATA_MODEL_VERSION), revision: String(DATA_MODEL_REVISION) })
  const stateOf = async (doc: string) => {
    const response = await fetch(`${server.httpUrl}/api/docs/${doc}/state`, { headers: { authorization: `Bearer ${adminToken}` } })
    expect(response.status).toBe(200)
    return new Uint8Array(await response.arrayBuffer())
  }

  beforeAll(async () => {
    const v1Copy = copyOfV1Store()
    tempDirs.push(v1Copy)
    v1 = await readV1Store(v1Copy)
    expect([...v1.keys()].sort()).toEqual([...DOCS].sort())
    dataDir = copyOfV1Store()
    logger = capturingLogger()
    server = await startTestServer(dataDir, { authSecret: SECRET, logger })
    adminToken = await signAdminToken(SECRET)
  })

  afterEach(() => {
    clients.splice(0).forEach((client) => client.destroy())
  })

  afterAll(async () => {
    clients.splice(0).forEach((client) => client.destroy())
    await server.server.stop()
    await removeDataDir(dataDir)
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
  })

  it('turns away a client of the previous release (createdAt and no schemaVersion, or schemaVersion=1) with 4410, applying nothing it sent', async () => {
    const doc = 'israel-russia-part-2'
    const { createdAt, state, records } = v1.get(doc)!
    // The old app, with its copy of the document from before the upgrade and a record written offline in the old layout.
    const old = await connect(doc, 'editor', { createdAt })
    Y.applyUpdate(old.doc, state)
    const [someId, some] = [...records.entries()][0]
    annotationsMap(old.doc).set('offline-v1', v1RecordMap({ ...(some as unknown as AnnotationRecord), id: 'offline-v1' }))
    await waitFor(() => old.closes.length > 0, 'the old client to be closed')
    expect(old.closes[0]).toEqual({ code: CloseCode.DocumentRecreated, reason: `document is in data model ${DATA_MODEL_VERSION}: load it again` })
    expect(old.provider.shouldConnect).toBe(false)

    const explicitV1 = await connect(doc, 'editor', { createdAt, schemaVersion: '1' })
    await waitFor(() => explicitV1.closes.length > 0, 'the schemaVersion=1 client to be closed')
    expect(explicitV1.closes[0]).toEqual({ code: CloseCode.DocumentRecreated, reason: `document is in data model ${DATA_MODEL_VERSION}: load it again` })

    const fresh = await current(doc)
    await waitForSynced(fresh)
    expect(fresh.closes).toEqual([])
    expect(annotationsMap(fresh.doc).has('offline-v1')).toBe(false)
    expect(annotationsMap(fresh.doc).has(someId)).toBe(true)
    const stored = await fetchStoredDoc(server.httpUrl, doc, adminToken)
    expect(annotationsMap(stored).has('offline-v1')).toBe(false)
    expect(stored.getMap(META_MAP).get('schemaVersion')).toBe(DATA_MODEL_VERSION)
  })

  it.each(DOCS)('%s: a client of this release reads every annotation of data model 1, unchanged, in data model 2', async (doc) => {
    const client = await current(doc)
    await waitForSynced(client)
    expect(client.closes).toEqual([])
    expect(client.doc.getMap(META_MAP).get('schemaVersion')).toBe(2)
    const { records, invalid } = readAnnotations(client.doc)
    expect(invalid).toEqual([])
    const before = v1.get(doc)!.records
    expect(records.map((record) => record.id).sort()).toEqual([...before.keys()].sort())
    expect(before.size).toBeGreaterThan(10)
    for (const record of records) {
      const old = before.get(record.id)!
      // Every field as it was (data model 1 had no links, no history: none now); the anchors point at the same places of the text.
      const { start, end, links, history, ...rest } = record
      expect(links, record.id).toEqual([])
      expect(history, record.id).toEqual([])
      const { start: oldStart, end: oldEnd, ...oldRest } = old
      expect(rest, record.id).toEqual(oldRest)
      expect(place(client.doc, start), `${record.id} start`).toEqual(place(client.doc, oldStart))
      expect(place(client.doc, end), `${record.id} end`).toEqual(place(client.doc, oldEnd))
      expect(place(client.doc, start)).not.toBeNull()
      // Stored in the version 2 layout: no v1 field is left in the record's map.
      const map = annotationsMap(client.doc).get(record.id) as Y.Map<unknown>
      expect(map.has(RECORD_KEYS.base) && !map.has('id') && !map.has('comments'), record.id).toBe(true)
    }
  })

  it.each(DOCS)('%s: every export format from the server’s stored state is byte for byte what the previous release exported', async (doc) => {
    // Opening the document makes the server load it (and upgrade it, if nothing opened it before).
    const client = await current(doc)
    await waitForSynced(client)
    const state = await stateOf(doc)
    // The server stored the upgrade: the state itself is in data model 2.
    const stored = new Y.Doc()
    Y.applyUpdate(stored, state)
    expect(stored.getMap(META_MAP).get('schemaVersion')).toBe(DATA_MODEL_VERSION)
    const fileNames: string[] = []
    for (const format of EXPORT_FORMATS) {
      const file = exportFromState(doc, state, parseExportOptions({ format }))
      fileNames.push(file.fileName)
      const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : Buffer.from(file.body)
      expect(body.equals(readFileSync(join(EXPECTED, file.fileName))), `${file.fileName} differs from expected/`).toBe(true)
    }
    expect(fileNames.sort()).toEqual(
      readdirSync(EXPECTED)
        .filter((name) => name.startsWith(`${doc}.`))
        .sort(),
    )
  })

  it('refuses with 4409 an annotator that writes a data model 1 record into the upgraded document', async () => {
    const doc = 'astral-fixture'
    const [id, old] = [...v1.get(doc)!.records.entries()][0]
    // A whole record in the old layout.
    const writer = await current(doc, 'annotator')
    await waitForSynced(writer)
    annotationsMap(writer.doc).set('v1-shaped', v1RecordMap({ ...(old as unknown as AnnotationRecord), id: 'v1-shaped' }))
    await waitFor(() => writer.closes.length > 0, 'the annotator to be closed')
    expect(writer.closes[0]).toMatchObject({ code: CloseCode.UpdateRefused, reason: expect.stringMatching(/^update refused: annotations: records have no entry "/) })
    // The old layout's comment thread added to an upgraded record.
    const commenter = await current(doc, 'annotator')
    await waitForSynced(commenter)
    ;(annotationsMap(commenter.doc).get(id) as Y.Map<unknown>).set('comments', Y.Array.from([{ id: 'c', text: 'old layout' }]))
    await waitFor(() => commenter.closes.length > 0, 'the annotator to be closed')
    expect(commenter.closes[0]).toEqual({ code: CloseCode.UpdateRefused, reason: 'update refused: annotations: records have no entry "comments"' })

    const stored = await fetchStoredDoc(server.httpUrl, doc, adminToken)
    expect(annotationsMap(stored).has('v1-shaped')).toBe(false)
    expect((annotationsMap(stored).get(id) as Y.Map<unknown>).has('comments')).toBe(false)
    expect(readAnnotations(stored).invalid).toEqual([])
  })

  it('upgrades each document once: a restart on the same data directory loads them as they were stored', async () => {
    expect(upgradeLines(logger)).toEqual(
      DOCS.map((doc) => ({ docId: doc, from: 1, to: DATA_MODEL_VERSION, upgraded: v1.get(doc)!.records.size, kept: 0 })).sort((a, b) => a.docId.localeCompare(b.docId)),
    )
    const before = new Map<string, { vector: Uint8Array; content: string; annotations: unknown }>()
    for (const doc of DOCS) {
      const stored = await fetchStoredDoc(server.httpUrl, doc, adminToken)
      before.set(doc, { vector: Y.encodeStateVector(stored), content: contentXml(stored), annotations: readAnnotations(stored) })
    }
    clients.splice(0).forEach((client) => client.destroy())
    await server.server.stop()

    logger = capturingLogger()
    server = await startTestServer(dataDir, { authSecret: SECRET, logger })
    for (const doc of DOCS) {
      const client = await current(doc)
      await waitForSynced(client)
      expect(client.closes).toEqual([])
      expect(client.doc.getMap(META_MAP).get('schemaVersion')).toBe(DATA_MODEL_VERSION)
      // Nothing was written on load: no item of a second upgrade, the same records.
      const stored = await fetchStoredDoc(server.httpUrl, doc, adminToken)
      expect(Y.encodeStateVector(stored), doc).toEqual(before.get(doc)!.vector)
      expect(contentXml(stored)).toBe(before.get(doc)!.content)
      expect(readAnnotations(stored)).toEqual(before.get(doc)!.annotations)
    }
    expect(upgradeLines(logger)).toEqual([])
  })

  it('npm run export on a copy of the store no server opened writes the JSON the previous release exported, byte for byte', async () => {
    const store = copyOfV1Store()
    const out = join(mkdtempSync(join(tmpdir(), 'spanwise-v1-export-')), 'out')
    tempDirs.push(store, join(out, '..'))
    mkdirSync(out)
    await run('npm', ['run', '--silent', 'export', '--', '--all', '--format', 'json', '--out', out, '--data-dir', store], { timeout: 30_000 })
    expect(readdirSync(out).sort()).toEqual(DOCS.map((doc) => `${doc}.json`).sort())
    for (const doc of DOCS) expect(readFileSync(join(out, `${doc}.json`)).equals(readFileSync(join(EXPECTED, `${doc}.json`))), `${doc}.json`).toBe(true)
  }, 40_000)
})

describe('GET /api/docs/<id>/state of a data model 1 document no client opened yet', () => {
  it('upgrades the document first (stored once), so the state is the one every client then gets', async () => {
    const dataDir = copyOfV1Store()
    const logger = capturingLogger()
    const server = await startTestServer(dataDir, { authSecret: SECRET, logger })
    const client = { current: null as YjsClient | null }
    try {
      const adminToken = await signAdminToken(SECRET)
      const doc = 'astral-fixture'
      const state = await fetchStoredDoc(server.httpUrl, doc, adminToken)
      expect(state.getMap(META_MAP).get('schemaVersion')).toBe(DATA_MODEL_VERSION)
      const { records, invalid } = readAnnotations(state)
      expect(invalid).toEqual([])
      expect(records.length).toBeGreaterThan(0)
      expect(upgradeLines(logger).map((line) => line.docId)).toEqual([doc])
      // A client connecting afterwards gets that same document: no second upgrade happened.
      client.current = connectClient(server.wsUrl, doc, { token: await signShareToken(SECRET, { doc, role: 'editor' }) })
      await waitForSynced(client.current)
      expect(Y.encodeStateVector(client.current.doc)).toEqual(Y.encodeStateVector(state))
      expect(readAnnotations(client.current.doc)).toEqual({ records, invalid })
      expect(upgradeLines(logger).map((line) => line.docId)).toEqual([doc])
    } finally {
      client.current?.destroy()
      await server.server.stop()
      await removeDataDir(dataDir)
    }
  })
})

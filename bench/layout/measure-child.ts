/**
 * One layout's timings in a fresh process (started by suite.ts), with a full GC before each timed
 * run: applying the stored state to a fresh Y.Doc, reading every record, one verdict change per
 * listed claim (time and update size), and the state's growth over successive edits of one claim.
 */
import { readFileSync } from 'node:fs'
import * as Y from 'yjs'
import { VERDICTS } from '../../editor/model/annotation'
import { collectGarbage, printChildResult, readChildInput } from '../lib/child-process'
import { LAYOUTS } from './layouts'

interface Input {
  stateFile: string
  layout: string
  runs: number
  /** Claims to change one verdict each; the last one also takes the history edits. */
  claimIds: string[]
  historyEdits: number
}

/** What the child reports; times in ms, sizes in bytes. */
export interface MeasureChildResult {
  applyMs: number[]
  readMs: number[]
  editMs: number[]
  editUpdateBytes: number[]
  historyGrowthBytes: number
}

function timed(run: () => void): number {
  collectGarbage()
  const start = performance.now()
  run()
  return performance.now() - start
}

const input = readChildInput<Input>()
const layout = LAYOUTS.find((candidate) => candidate.name === input.layout)
if (!layout) throw new Error(`unknown layout ${JSON.stringify(input.layout)}`)
const state = new Uint8Array(readFileSync(input.stateFile))

const applyMs: number[] = []
let ydoc = new Y.Doc()
for (let run = 0; run < input.runs; run++) {
  ydoc.destroy()
  ydoc = new Y.Doc()
  const fresh = ydoc
  applyMs.push(timed(() => Y.applyUpdate(fresh, state)))
}
const readMs: number[] = []
for (let run = 0; run < input.runs; run++) readMs.push(timed(() => layout.readAll(ydoc)))

const editMs: number[] = []
const editUpdateBytes: number[] = []
const editIds = input.claimIds.slice(0, -1)
editIds.forEach((id, index) => {
  let bytes = 0
  const onUpdate = (update: Uint8Array) => (bytes += update.length)
  ydoc.on('update', onUpdate)
  editMs.push(timed(() => layout.setVerdict(ydoc, id, VERDICTS[(index + 1) % VERDICTS.length], '2026-12-01T10:00:00.000Z')))
  ydoc.off('update', onUpdate)
  editUpdateBytes.push(bytes)
})

const historyId = input.claimIds.at(-1) ?? ''
const before = Y.encodeStateAsUpdate(ydoc).length
for (let edit = 0; edit < input.historyEdits; edit++) layout.setVerdict(ydoc, historyId, VERDICTS[edit % VERDICTS.length], new Date(Date.UTC(2026, 11, 1, 10, edit)).toISOString())
const historyGrowthBytes = Y.encodeStateAsUpdate(ydoc).length - before
ydoc.destroy()

printChildResult({ applyMs, readMs, editMs, editUpdateBytes, historyGrowthBytes } satisfies MeasureChildResult)

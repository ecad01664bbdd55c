import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { OFFSET_UNITS } from '../../../../editor/model/offsets'
import { takeSnapshot } from '../../../../editor/export/snapshot'
import { expectExportsExact } from './support/exactness'
import { buildFixtureDoc, readFixtureSpec } from './support/fixtures'
import { insertNextTo, replaceWords } from './support/tag-text'

/** Two replicas of the annotated seed document, as two browsers have it after syncing. */
function twoReplicas(): [Y.Doc, Y.Doc] {
  const a = buildFixtureDoc(readFixtureSpec('seed-annotations.json'))
  const b = new Y.Doc()
  b.clientID = 2
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  return [a, b]
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

describe('exports after concurrent edits', () => {
  it('refer to the text of the snapshot they were taken from, on every replica', () => {
    const [a, b] = twoReplicas()
    insertNextTo(a, { needle: 'elected in 2001' }, 'reportedly ', 'before')
    insertNextTo(a, { needle: 'פגישת פוטין-נתניהו', occurrence: 1 }, ' 👍🏽', 'after')
    insertNextTo(a, { needle: 'February 29, 2019' }, '[A] ', 'before')
    insertNextTo(b, { needle: 'Vladimir Putin was elected' }, '😀 ', 'before')
    replaceWords(b, { needle: 'in exchange for the lifting of sanctions ' }, '')
    insertNextTo(b, { needle: 'February 29, 2019' }, '[B] ', 'before')
    replaceWords(b, { needle: 'Russian annexation' }, 'annexation')
    sync(a, b)

    const snapshotA = takeSnapshot('israel-russia-part-2', a)
    const snapshotB = takeSnapshot('israel-russia-part-2', b)
    expect(snapshotB).toEqual(snapshotA)
    for (const unit of OFFSET_UNITS) expectExportsExact(snapshotA, unit)

    const exact = (id: string) => snapshotA.annotations.find((annotation) => annotation.id === id)!
    expect(snapshotA.text).toContain('😀 Vladimir Putin was reportedly elected in 2001')
    expect(exact('cl-putin-2001')).toMatchObject({ exact: 'Vladimir Putin was reportedly elected in 2001', state: 'changed-since-review' })
    expect(exact('ev-caption-meeting').exact).toBe('פגישת פוטין-נתניהו')
    expect(exact('cl-caption').exact).toBe('חביבות כמעטה לחוסר עניין. פגישת פוטין-נתניהו 👍🏽\nחביבות כמעטה לחוסר עניין')
    expect(exact('cl-grand-bargain').exact).toMatch(/^might be interested in resolving the conflict in Syria imposed in response to Russia’s actions in Ukraine\.\n\nCurrent/)
    expect(exact('ev-annexation').exact).toBe('annexation of Crimea')
    expect(exact('cl-feb-29').exact).toBe('February 29, 2019')
    expect(snapshotA.text).toMatch(/\[[AB]\] \[[AB]\] February 29, 2019/)
  })
})

import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { addComment, updateAnnotation } from '../../../../editor/model/annotation-store'
import { findInAnnotations, searchableFields } from '../../../../editor/model/find-annotations'
import { readFindQuery, type FindQuery } from '../../../../editor/model/find-text'
import { resolveAnnotations } from '../../../../editor/model/resolve-annotations'
import { readContent } from '../../../../editor/yjs/document-content'
import { annotate, createReplicas, editRun, findText } from './support/replicas'
import { alice, bob } from './support/seed'

function queryOf(value: string, matchCase = false): FindQuery {
  const read = readFindQuery(value, matchCase)
  if (read.kind !== 'query') throw new Error(`not a query: ${read.kind}`)
  return read.query
}

const resolved = (replica: Y.Doc) => resolveAnnotations(replica, readContent(replica)).annotations

/** A seed replica with a claim (claimant, verdict, rationale, evidence, note, comment), a quote (speaker) and an event (place). */
function annotatedReplica() {
  const [replica] = createReplicas(1)
  const claim = annotate(replica, 'a Russian-speaking country', 'claim', 'claim-1')
  updateAnnotation(replica, claim, {
    attrs: { claimant: 'Avigdor Lieberman', verdict: 'misleading', rationale: 'Census data says otherwise.', evidence: ['https://example.org/census'] },
    note: 'Check the Kremlin transcript first.',
  })
  addComment(replica, claim, bob, 'The Kremlin said the same in 2018.')
  const quote = annotate(replica, 'special state to us', 'quote', 'quote-1')
  updateAnnotation(replica, quote, { attrs: { speaker: 'Vladimir Putin' } })
  const event = annotate(replica, 'practically', 'event', 'event-1')
  updateAnnotation(replica, event, { attrs: { place: 'Sochi', participants: ['Putin', 'Netanyahu'] } })
  return { replica, claim, quote, event }
}

describe('searchableFields', () => {
  it('lists the words, the attributes by the names people read (the verdict by its label), the note and each comment with its author', () => {
    const { replica, claim } = annotatedReplica()
    const fields = searchableFields(resolved(replica).find((a) => a.id === claim)!)
    expect(fields).toEqual([
      { label: 'Words', text: 'a Russian-speaking country' },
      { label: 'Claimant', text: 'Avigdor Lieberman' },
      { label: 'Verdict', text: 'Misleading' },
      { label: 'Rationale', text: 'Census data says otherwise.' },
      { label: 'Evidence', text: 'https://example.org/census' },
      { label: 'Note', text: 'Check the Kremlin transcript first.' },
      { label: `Comment by ${bob.name}`, text: 'The Kremlin said the same in 2018.', comment: true },
    ])
  })
})

describe('findInAnnotations', () => {
  it('finds a query in notes and comments, counts every match and names the first field with text around it', () => {
    const { replica, claim } = annotatedReplica()
    const found = findInAnnotations(resolved(replica), queryOf('kremlin'))
    expect(found.total).toBe(1)
    expect(found.results[0]).toEqual({
      id: claim,
      type: 'claim',
      words: 'a Russian-speaking country',
      count: 2,
      field: 'Note',
      excerpt: { before: 'Check the ', match: 'Kremlin', after: ' transcript first.' },
      otherFields: 1,
      inComments: true,
    })
  })

  it('finds attributes: a speaker, a place, a participant, a verdict by its label', () => {
    const { replica, claim, quote, event } = annotatedReplica()
    const annotations = resolved(replica)
    expect(findInAnnotations(annotations, queryOf('putin')).results.map((r) => [r.id, r.field])).toEqual(
      annotations.filter((a) => a.id === quote || a.id === event).map((a) => [a.id, a.id === quote ? 'Speaker' : 'Participants']),
    )
    expect(findInAnnotations(annotations, queryOf('Sochi')).results.map((r) => r.id)).toEqual([event])
    expect(findInAnnotations(annotations, queryOf('MISLEADING')).results.map((r) => [r.id, r.field])).toEqual([[claim, 'Verdict']])
    expect(findInAnnotations(annotations, queryOf('misleading', true)).total).toBe(0)
  })

  it('finds the words an annotation covers now, and a detached one by the words it had', () => {
    const { replica, event } = annotatedReplica()
    const { run, index } = findText(replica, 'practically')
    editRun(run, index, 'practically'.length)
    const annotations = resolved(replica)
    expect(annotations.find((a) => a.id === event)!.status).toBe('detached')
    expect(findInAnnotations(annotations, queryOf('practically')).results.map((r) => [r.id, r.field])).toEqual([[event, 'Words']])
  })

  it('lists at most `limit` annotations and counts them all', () => {
    const { replica } = annotatedReplica()
    const found = findInAnnotations(resolved(replica), queryOf('a'), 2)
    expect(found.results).toHaveLength(2)
    expect(found.total).toBe(3)
  })

  it('keeps hostile content short and on one line: a huge note with bidi controls and line breaks', () => {
    const { replica, claim } = annotatedReplica()
    const hostile = `${'\u202E'.repeat(50)}<img src=x onerror=alert(1)>\n\n${'spam '.repeat(1500)}needle${'\n'.repeat(20)}${'x'.repeat(2000)}`
    updateAnnotation(replica, claim, { note: hostile, by: alice })
    const [result] = findInAnnotations(resolved(replica), queryOf('needle')).results
    const shown = [result.excerpt.before, result.excerpt.match, result.excerpt.after].join('')
    expect(shown.length).toBeLessThan(100)
    expect(shown).not.toMatch(/[\n\u202E]/)
    expect(result.excerpt.match).toBe('needle')
  })

  it('cleans a hostile comment author name in the label: bidi controls and line breaks out, cut short', () => {
    const { replica, claim } = annotatedReplica()
    addComment(replica, claim, { id: 'mallory', name: `Mallory\u202E\u2067\n${'y'.repeat(80)}` }, 'a needle here')
    const [result] = findInAnnotations(resolved(replica), queryOf('needle')).results
    expect(result.field).toBe(`Comment by Mallory ${'y'.repeat(31)}…`)
    expect(result.inComments).toBe(true)
  })

  it('tells whether a comment matches (opening the result then shows the comments)', () => {
    const { replica, claim } = annotatedReplica()
    const annotations = resolved(replica)
    expect(findInAnnotations(annotations, queryOf('census')).results.map((r) => [r.id, r.inComments])).toEqual([[claim, false]])
    expect(findInAnnotations(annotations, queryOf('2018')).results.map((r) => [r.id, r.field, r.inComments])).toEqual([[claim, `Comment by ${bob.name}`, true]])
  })
})

import * as Y from 'yjs'
import type { AnnotationType, Person, RelativePositionJSON } from '../../../editor/model/annotation'
import { createAnnotation } from '../../../editor/model/annotation-store'
import { contentFragment } from './yjs-client'

const TESTER: Person = { id: 'tester', name: 'Tester' }

/**
 * Creates an annotation (data model 2, through createAnnotation) on the first occurrence of `exact`
 * in the first text node of top-level block `block` of a client's document; returns its id.
 */
export function annotateInBlock(
  doc: Y.Doc,
  block: number,
  exact: string,
  input: { id: string; type: AnnotationType; attrs?: Record<string, unknown>; createdBy?: Person },
): string {
  const element = contentFragment(doc).get(block)
  const text = element instanceof Y.XmlElement ? element.get(0) : null
  if (!(text instanceof Y.XmlText)) throw new Error(`block ${block} has no text`)
  const content = text
    .toDelta()
    .map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('')
  const index = content.indexOf(exact)
  if (index < 0) throw new Error(`"${exact}" is not in block ${block}`)
  const anchor = (at: number, assoc: number) => Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, at, assoc)) as RelativePositionJSON
  return createAnnotation(doc, {
    id: input.id,
    type: input.type,
    start: anchor(index, 0),
    end: anchor(index + exact.length, -1),
    exact,
    attrs: input.attrs ?? {},
    createdBy: input.createdBy ?? TESTER,
  })
}

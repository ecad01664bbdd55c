import type { SourceAnnotation } from './annotated-source'

/** Where an annotation lands in the text, and how it was found. */
export type Placement = { kind: 'offsets'; start: number; end: number } | { kind: 'reanchored'; start: number; end: number } | { kind: 'unplaced'; reason: string }

function commonSuffixLength(a: string, b: string): number {
  let length = 0
  while (length < a.length && length < b.length && a[a.length - 1 - length] === b[b.length - 1 - length]) length++
  return length
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0
  while (length < a.length && length < b.length && a[length] === b[length]) length++
  return length
}

/**
 * Places an imported annotation: at its offsets when the text there is its `exact` quote;
 * otherwise at the occurrence of the quote whose surroundings best match its prefix and suffix
 * (ties go to the occurrence nearest the stated offset); unplaced when the quote is not in the
 * text. Never places an annotation on words that are not its quote.
 */
export function placeAnnotation(text: string, annotation: SourceAnnotation): Placement {
  const { start, end, exact } = annotation
  if (exact.length === 0) return { kind: 'unplaced', reason: 'its exact text is empty' }
  if (start !== null && end !== null && start >= 0 && end <= text.length && text.slice(start, end) === exact) {
    return { kind: 'offsets', start, end }
  }
  let best: { start: number; score: number; distance: number } | null = null
  for (let index = text.indexOf(exact); index >= 0; index = text.indexOf(exact, index + 1)) {
    const score =
      commonSuffixLength(text.slice(Math.max(0, index - (annotation.prefix?.length ?? 0)), index), annotation.prefix ?? '') +
      commonPrefixLength(text.slice(index + exact.length, index + exact.length + (annotation.suffix?.length ?? 0)), annotation.suffix ?? '')
    const distance = start === null ? 0 : Math.abs(index - start)
    if (!best || score > best.score || (score === best.score && distance < best.distance)) best = { start: index, score, distance }
  }
  if (!best) return { kind: 'unplaced', reason: `its quote ${JSON.stringify(exact.length > 60 ? `${exact.slice(0, 60)}…` : exact)} is not in the text` }
  return { kind: 'reanchored', start: best.start, end: best.start + exact.length }
}

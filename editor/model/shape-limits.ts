/**
 * Shape limits of a Spanwise document (docs/data-model.md, "Shape limits"): what may be stored
 * where, how deep and how large, whoever writes it.
 */
export const SHAPE_LIMITS = {
  /** Nested JSON (objects and arrays) in one plain value. */
  maxJsonDepth: 16,
  /** Characters of one plain value written as JSON. */
  maxValueChars: 100_000,
  /** Characters of a map key (an annotation id, at most 100; a record entry such as `comment.<comment id>`). */
  maxKeyChars: 120,
  /** XML elements nested in the text (blocks in blockquotes, and so on). */
  maxXmlDepth: 32,
  /** Nested shared types under a root the data model does not name (readers ignore those roots). */
  maxOtherDepth: 32,
} as const

/** Why a plain JSON value is outside the limits, or null. Iterative: the value may be deep. */
export function jsonValueProblem(value: unknown): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!
    if (typeof current === 'bigint' || typeof current === 'function' || typeof current === 'symbol') return `a value holds a ${typeof current}, which is not JSON`
    if (current instanceof Uint8Array) return 'a value holds binary data, which is not JSON'
    if (current === null || typeof current !== 'object') continue
    if (depth >= SHAPE_LIMITS.maxJsonDepth) return `a value nests deeper than ${SHAPE_LIMITS.maxJsonDepth} levels`
    const children = Array.isArray(current) ? current : Object.values(current)
    for (const child of children) stack.push({ value: child, depth: depth + 1 })
  }
  // Depth is bounded now, so stringifying cannot overflow the stack.
  const chars = JSON.stringify(value)?.length ?? 0
  return chars > SHAPE_LIMITS.maxValueChars ? `a value is longer than ${SHAPE_LIMITS.maxValueChars} characters as JSON` : null
}

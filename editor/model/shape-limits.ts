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

/**
 * The most characters a string can take in JSON: its quotes, and every UTF-16 unit escaped as
 * `\uXXXX` at worst.
 */
const jsonStringBound = (text: string) => 2 + 6 * text.length

/**
 * More characters than a number, boolean or null takes in JSON: `-1.7976931348623157e+308` is 24,
 * `-0.0000012345678901234567` (small numbers are written without an exponent) 25.
 */
const JSON_SCALAR_BOUND = 32

/**
 * Whether an object's prototype is data: lib0's decoder turns a `__proto__` key into the decoded
 * object's prototype, whose content then hides from this walk (and from JSON) while readers see it
 * through inheritance. Class instances (a Y.ID in a locally made relative position) are fine:
 * their prototype has a `constructor` function of its own, which no decoded value can have.
 */
function hasInjectedPrototype(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as object | null
  if (prototype === null || prototype === Object.prototype || prototype === Array.prototype) return false
  return !(Object.hasOwn(prototype, 'constructor') && typeof (prototype as { constructor: unknown }).constructor === 'function')
}

/**
 * Why a plain JSON value is outside the limits, or null. Iterative: the value may be deep. The
 * walk also bounds the value's JSON length from above, so the exact length (a `JSON.stringify`)
 * is only computed for values that might pass the limit.
 */
export function jsonValueProblem(value: unknown): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  let bound = 0
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!
    if (typeof current === 'bigint' || typeof current === 'function' || typeof current === 'symbol') return `a value holds a ${typeof current}, which is not JSON`
    if (current instanceof Uint8Array) return 'a value holds binary data, which is not JSON'
    if (typeof current === 'string') {
      bound += jsonStringBound(current)
      continue
    }
    if (current === null || typeof current !== 'object') {
      bound += JSON_SCALAR_BOUND
      continue
    }
    if (depth >= SHAPE_LIMITS.maxJsonDepth) return `a value nests deeper than ${SHAPE_LIMITS.maxJsonDepth} levels`
    if (hasInjectedPrototype(current)) return 'a value holds an object that is not plain JSON (a `__proto__` key)'
    // Brackets, and a comma (plus a colon and the key for an object) per child.
    bound += 2
    if (Array.isArray(current)) {
      for (const child of current as unknown[]) {
        bound += 1
        stack.push({ value: child, depth: depth + 1 })
      }
    } else {
      for (const [key, child] of Object.entries(current)) {
        bound += 2 + jsonStringBound(key)
        stack.push({ value: child, depth: depth + 1 })
      }
    }
  }
  if (bound <= SHAPE_LIMITS.maxValueChars) return null
  // Depth is bounded now, so stringifying cannot overflow the stack.
  const chars = JSON.stringify(value)?.length ?? 0
  return chars > SHAPE_LIMITS.maxValueChars ? `a value is longer than ${SHAPE_LIMITS.maxValueChars} characters as JSON` : null
}

/** The unit an exported offset counts in. */
export type OffsetUnit = 'codepoint' | 'utf16'

export const OFFSET_UNITS: readonly OffsetUnit[] = ['codepoint', 'utf16']

/**
 * Converts UTF-16 offsets of one text (JavaScript's string indices) to Unicode code point offsets
 * (Python's `str` indices, W3C TextPositionSelector) and back. The table is built once per text.
 */
export class OffsetConverter {
  private codepointAt: Uint32Array | null = null
  private utf16At: Uint32Array | null = null

  constructor(readonly text: string) {}

  private build(): void {
    const text = this.text
    const codepointAt = new Uint32Array(text.length + 1)
    const utf16At: number[] = []
    let codepoints = 0
    for (let index = 0; index < text.length; index++) {
      codepointAt[index] = codepoints
      const code = text.charCodeAt(index)
      const isHighSurrogate = code >= 0xd800 && code <= 0xdbff
      const next = text.charCodeAt(index + 1)
      if (isHighSurrogate && next >= 0xdc00 && next <= 0xdfff) {
        utf16At.push(index)
        codepointAt[index + 1] = codepoints
        index++
      } else {
        utf16At.push(index)
      }
      codepoints++
    }
    codepointAt[text.length] = codepoints
    utf16At.push(text.length)
    this.codepointAt = codepointAt
    this.utf16At = Uint32Array.from(utf16At)
  }

  /** Length of the text in `unit`. */
  length(unit: OffsetUnit): number {
    return this.convert(this.text.length, unit)
  }

  /** A UTF-16 offset in `unit`. An offset inside a surrogate pair counts as the pair's start. */
  convert(utf16Offset: number, unit: OffsetUnit): number {
    if (unit === 'utf16') return utf16Offset
    if (!this.codepointAt) this.build()
    return this.codepointAt![utf16Offset]
  }

  /** An offset in `unit` as a UTF-16 offset; throws RangeError when it is outside the text. */
  toUtf16(offset: number, unit: OffsetUnit): number {
    if (!Number.isInteger(offset) || offset < 0 || offset > this.length(unit)) {
      throw new RangeError(`offset ${offset} is outside the text (0–${this.length(unit)} ${unit === 'codepoint' ? 'code points' : 'UTF-16 units'})`)
    }
    if (unit === 'utf16') return offset
    if (!this.utf16At) this.build()
    return this.utf16At![offset]
  }

  /** Up to `count` code points of context before a UTF-16 offset (never splits a surrogate pair). */
  prefix(utf16Offset: number, count: number): string {
    const startCp = Math.max(0, this.convert(utf16Offset, 'codepoint') - count)
    return this.text.slice(this.toUtf16(startCp, 'codepoint'), utf16Offset)
  }

  /** Up to `count` code points of context after a UTF-16 offset. */
  suffix(utf16Offset: number, count: number): string {
    const endCp = Math.min(this.length('codepoint'), this.convert(utf16Offset, 'codepoint') + count)
    return this.text.slice(utf16Offset, this.toUtf16(endCp, 'codepoint'))
  }
}

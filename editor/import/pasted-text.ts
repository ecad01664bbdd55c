/**
 * Text pasted to make a document, as the `txt` import reads it (blank lines separate blocks, a
 * single line break is a line break inside a block). Text copied from a web page or a word
 * processor often separates its paragraphs by single line breaks only: when the text has no blank
 * line at all, each line is its own paragraph. Line endings become "\n"; trailing spaces of
 * lines and blank lines at either end are dropped.
 */
export function pastedTextSource(pasted: string): string {
  const lines = pasted
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
  while (lines.length > 0 && lines[0].trim() === '') lines.shift()
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop()
  const hasBlankLine = lines.some((line) => line.trim() === '')
  return hasBlankLine ? lines.join('\n') : lines.join('\n\n')
}

/** A title for pasted text: its first line, cut at a word to at most 120 characters. */
export function titleOfPastedText(source: string): string {
  const first = source.split('\n', 1)[0].trim()
  if (first.length <= 120) return first
  const cut = first.slice(0, 120)
  const space = cut.lastIndexOf(' ')
  return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`
}

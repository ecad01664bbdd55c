/**
 * A style sheet that draws the highlights of `hiddenIds` as plain text inside `scope` (a CSS
 * selector of the editor's container), so the text shows only the annotations a filter keeps.
 * Annotation ids come from other clients: every character outside `[A-Za-z0-9_-]` is written as
 * a CSS escape, so no id can end the attribute value, the rule or the style element.
 */
export function hiddenHighlightsCss(hiddenIds: Iterable<string>, scope: string): string {
  const selectors: string[] = []
  for (const id of hiddenIds) selectors.push(`${scope} .annotation[data-annotation-id="${escapeCssString(id)}"]`)
  if (selectors.length === 0) return ''
  return `${selectors.join(',\n')} {\n  background-color: transparent;\n  text-decoration: none;\n  box-shadow: none;\n  cursor: text;\n}\n`
}

/** `value` with every character but ASCII letters, digits, `_` and `-` as a CSS hex escape. */
export function escapeCssString(value: string): string {
  let escaped = ''
  for (const char of value) escaped += /[A-Za-z0-9_-]/.test(char) ? char : `\\${char.codePointAt(0)!.toString(16)} `
  return escaped
}

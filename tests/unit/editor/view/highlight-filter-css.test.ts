import { describe, expect, it } from 'vitest'
import { escapeCssString, hiddenHighlightsCss } from '../../../../editor/view/highlight-filter-css'

describe('hiddenHighlightsCss', () => {
  it('is empty when nothing is hidden, one rule for all hidden ids otherwise', () => {
    expect(hiddenHighlightsCss([], '.editor-mount')).toBe('')
    const css = hiddenHighlightsCss(['claim-1', 'a1b2'], '.editor-mount')
    expect(css).toContain('.editor-mount .annotation[data-annotation-id="claim-1"],\n.editor-mount .annotation[data-annotation-id="a1b2"] {')
    expect(css).toContain('background-color: transparent;')
  })

  it('escapes hostile ids: no quote, backslash, brace, angle bracket or line break survives unescaped', () => {
    const hostile = ['"] { } body { display: none } [x="', '</style><script>alert(1)</script>', 'a\\b', 'line\nbreak', 'ü😀']
    const css = hiddenHighlightsCss(hostile, '.scope')
    const values = [...css.matchAll(/data-annotation-id="([^"]*)"/g)].map((match) => match[1])
    expect(values).toHaveLength(hostile.length)
    for (const value of values) expect(value).toMatch(/^(?:[A-Za-z0-9_-]|\\[0-9a-f]+ )*$/)
    expect(css).not.toContain('<')
    expect(css.split('{')).toHaveLength(2)
    expect(escapeCssString('😀')).toBe('\\1f600 ')
  })
})

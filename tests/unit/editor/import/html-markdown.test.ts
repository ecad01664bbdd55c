import { describe, expect, it } from 'vitest'
import { importHtml } from '../../../../editor/import/html'
import { documentSourceSchema, formatFromFileName, importSource } from '../../../../editor/import/index'
import { importMarkdown } from '../../../../editor/import/markdown'
import { nodeHtmlParser } from '../../../../editor/import/node-html-parser'

describe('importHtml', () => {
  it('parses through the schema: scripts, images, handlers and unsafe links are dropped, text kept', () => {
    const doc = importHtml(
      '<h1>Hi <b>there</b></h1><script>alert(1)</script><p onclick="x()">One<br>two <a href="javascript:alert(1)">bad</a> <a href="https://example.org/a">good</a><img src=x onerror=alert(1)></p><div>div text</div><h5>deep</h5>',
      nodeHtmlParser,
    )
    expect(doc.toJSON()).toEqual({
      type: 'doc',
      content: [
        {
          type: 'heading',
          attrs: { level: 1 },
          content: [
            { type: 'text', text: 'Hi ' },
            { type: 'text', marks: [{ type: 'strong' }], text: 'there' },
          ],
        },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'One' },
            { type: 'hard_break' },
            { type: 'text', text: 'two bad ' },
            { type: 'text', marks: [{ type: 'link', attrs: { href: 'https://example.org/a', title: null } }], text: 'good' },
          ],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'div text' }] },
        { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'deep' }] },
      ],
    })
  })
})

/** The hrefs of the link marks in an imported document, in order. */
function linkHrefs(doc: ReturnType<typeof importHtml>): string[] {
  const hrefs: string[] = []
  doc.descendants((node) => {
    for (const mark of node.marks) if (mark.type.name === 'link') hrefs.push(mark.attrs.href as string)
  })
  return hrefs
}

describe('link policy on import', () => {
  it('drops protocol-relative, backslash, control-character and script links from HTML, text kept', () => {
    const doc = importHtml(
      '<p><a href="//evil.example">a</a> <a href="/\\evil.example">b</a> <a href="\\\\evil.example">c</a> <a href="java&#x09;script:alert(1)">d</a> <a href="&#x6a;avascript:alert(1)">e</a> <a href=" JaVaScRiPt:alert(1)">f</a> <a href="/docs/x">g</a> <a href="#top">h</a> <a href="mailto:desk@example.org">i</a></p>',
      nodeHtmlParser,
    )
    expect(doc.textContent).toBe('a b c d e f g h i')
    expect(linkHrefs(doc)).toEqual(['/docs/x', '#top', 'mailto:desk@example.org'])
  })

  it('drops protocol-relative and script links from Markdown, text kept', () => {
    const doc = importMarkdown('[a](//evil.example) [b](<java\tscript:alert(1)>) [c](https://example.org) //evil.example [d](/docs/x)', nodeHtmlParser)
    expect(doc.textContent).toBe('a b c //evil.example d')
    expect(linkHrefs(doc)).toEqual(['https://example.org', '/docs/x'])
  })

  it('keeps a Markdown path with a backslash as the same-origin path markdown-it encodes it to', () => {
    expect(linkHrefs(importMarkdown('[b](/\\evil.example)', nodeHtmlParser))).toEqual(['/%5Cevil.example'])
  })
})

describe('importMarkdown', () => {
  it('maps headings, emphasis, links and quotes; raw HTML stays text', () => {
    const doc = importMarkdown('# Title\n\nSome *em* and **strong** [l](https://a.example)\n\n> quote\n\n<script>x</script>', nodeHtmlParser)
    expect(doc.toJSON()).toEqual({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Title' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Some ' },
            { type: 'text', marks: [{ type: 'em' }], text: 'em' },
            { type: 'text', text: ' and ' },
            { type: 'text', marks: [{ type: 'strong' }], text: 'strong' },
            { type: 'text', text: ' ' },
            { type: 'text', marks: [{ type: 'link', attrs: { href: 'https://a.example', title: null } }], text: 'l' },
          ],
        },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'quote' }] }] },
        { type: 'paragraph', content: [{ type: 'text', text: '<script>x</script>' }] },
      ],
    })
  })
})

describe('document sources', () => {
  it('picks the format from the file name', () => {
    expect(['a.txt', 'b.MD', 'c.html', 'd.htm', 'e.pdf', 'noext'].map(formatFromFileName)).toEqual(['txt', 'md', 'html', 'html', null, null])
  })

  it('rejects bad requests with a message naming the field', () => {
    const empty = documentSourceSchema.safeParse({ title: '  ', format: 'txt' })
    expect(empty.success).toBe(false)
    expect(empty.error?.issues[0].path).toEqual(['title'])
    expect(empty.error?.issues[0].message).toBe('title must not be empty')
    const badFormat = documentSourceSchema.safeParse({ title: 'x', format: 'pdf' })
    expect(badFormat.error?.issues[0].path).toEqual(['format'])
  })

  it('gives a blank document its title as heading and an empty paragraph', () => {
    const doc = importSource(documentSourceSchema.parse({ title: 'Notes', format: 'blank' }), nodeHtmlParser)
    expect(doc.toJSON()).toEqual({
      type: 'doc',
      content: [{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Notes' }] }, { type: 'paragraph' }],
    })
  })
})

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
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Hi ' }, { type: 'text', marks: [{ type: 'strong' }], text: 'there' }] },
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

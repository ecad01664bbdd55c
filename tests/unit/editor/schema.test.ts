import { parseHTML } from 'linkedom'
import { DOMParser as PMDOMParser, DOMSerializer } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { schema, UNSAFE_LINK_TITLE } from '../../../editor/schema'

const { document } = parseHTML('<!doctype html><html><body></body></html>')

/** The element the schema renders for the text "read this" with a link mark of `href`. */
function renderLink(href: string, title: string | null = null): HTMLElement {
  const paragraph = schema.nodes.paragraph.create(null, schema.text('read this', [schema.marks.link.create({ href, title })]))
  const holder = document.createElement('div')
  holder.appendChild(DOMSerializer.fromSchema(schema).serializeFragment(paragraph.content, { document: document }))
  expect(holder.children.length).toBe(1)
  return holder.firstElementChild as unknown as HTMLElement
}

/** An element as `{tag, attributes, text}`, attribute order aside. */
function describeElement(element: HTMLElement) {
  return {
    tag: element.tagName.toLowerCase(),
    attributes: Object.fromEntries([...element.attributes].map((attribute) => [attribute.name, attribute.value])),
    text: element.textContent,
  }
}

function parseLinks(html: string) {
  const holder = document.createElement('div')
  holder.innerHTML = html
  return PMDOMParser.fromSchema(schema).parse(holder).toJSON()
}

describe('link mark: toDOM', () => {
  it('renders a safe href as a link', () => {
    expect(describeElement(renderLink('https://example.org/a', 'Example'))).toEqual({
      tag: 'a',
      attributes: { href: 'https://example.org/a', title: 'Example', rel: 'noopener noreferrer nofollow' },
      text: 'read this',
    })
    expect(describeElement(renderLink('/docs/x#p2'))).toEqual({
      tag: 'a',
      attributes: { href: '/docs/x#p2', rel: 'noopener noreferrer nofollow' },
      text: 'read this',
    })
  })

  it.each(['javascript:window.__pwned=1', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', '//evil.example', '/\\evil.example', 'data:text/html,x'])(
    'renders %j without any href, keeping the text and the mark',
    (href) => {
      expect(describeElement(renderLink(href, 'attacker title'))).toEqual({
        tag: 'span',
        attributes: { 'data-unsafe-href': '', title: UNSAFE_LINK_TITLE },
        text: 'read this',
      })
    },
  )
})

describe('link mark: parseDOM', () => {
  it('keeps safe links and drops unsafe ones, text kept', () => {
    expect(
      parseLinks(
        '<p><a href="https://example.org">ok</a> <a href="//evil.example">a</a> <a href="/\\evil.example">b</a> <a href="&#x6a;avascript:alert(1)">c</a> <a href="&#x20;javascript:alert(1)">d</a></p>',
      ),
    ).toEqual({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', marks: [{ type: 'link', attrs: { href: 'https://example.org', title: null } }], text: 'ok' },
            { type: 'text', text: ' a b c d' },
          ],
        },
      ],
    })
  })

  it('does not turn a rendered unsafe link back into a link', () => {
    expect(parseLinks(`<p>${renderLink('javascript:alert(1)').outerHTML}</p>`)).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'read this' }] }],
    })
  })
})

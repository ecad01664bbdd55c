import { deletion, insertion, modification } from '@handlewithcare/prosemirror-suggest-changes'
import { Schema, type DOMOutputSpec, type Mark, type MarkSpec, type Node as PMNode } from 'prosemirror-model'
import { isSafeHref } from './model/safe-href'

/** Headings deeper than this (h4–h6 in imported HTML) become level-3 headings. */
export const MAX_HEADING_LEVEL = 3

/** The tooltip of a link whose href the link policy refuses (it renders without its href). */
export const UNSAFE_LINK_TITLE = 'Link removed: its address is not a safe link'

const LINK_REL = 'noopener noreferrer nofollow'

/**
 * A suggestion mark of prosemirror-suggest-changes without its parse rules: pasted or imported
 * `<ins>`/`<del>` markup is plain text, so only the Suggesting mode makes suggestions.
 */
const suggestionMark = (spec: MarkSpec): MarkSpec => ({ ...spec, parseDOM: [] })

/**
 * A link mark's DOM: an `<a href>` when the href passes the link policy (editor/model/safe-href.ts),
 * else a `<span data-unsafe-href>` that reads as plain text (nothing to click, no href anywhere),
 * so the document keeps its mark while no unsafe href reaches the page.
 */
function linkToDOM(mark: Mark): DOMOutputSpec {
  const { href, title } = mark.attrs as { href: unknown; title: string | null }
  if (!isSafeHref(href)) return ['span', { 'data-unsafe-href': '', title: UNSAFE_LINK_TITLE }, 0]
  return ['a', { href, title, rel: LINK_REL }, 0]
}

/**
 * The Spanwise document schema: doc, heading (levels 1–3), paragraph, blockquote, hard_break,
 * text; marks strong, em and link, and the suggestion marks `insertion`, `deletion` and
 * `modification` (on text, and on blocks for suggested blocks). Every text block renders with
 * `dir="auto"` so each block takes the direction of its first strong character (the Hebrew
 * caption reads right-to-left).
 *
 * This schema is part of the data-model contract (docs/data-model.md): node and mark names are
 * what third-party Yjs clients find in the `prosemirror` Y.XmlFragment.
 */
export const schema = new Schema({
  nodes: {
    doc: { content: 'block+', marks: 'insertion modification deletion' },
    paragraph: {
      group: 'block',
      content: 'inline*',
      parseDOM: [{ tag: 'p' }],
      toDOM: (): DOMOutputSpec => ['p', { dir: 'auto' }, 0],
    },
    heading: {
      group: 'block',
      content: 'inline*',
      attrs: { level: { default: 1, validate: 'number' } },
      defining: true,
      parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({
        tag: `h${level}`,
        attrs: { level: Math.min(level, MAX_HEADING_LEVEL) },
      })),
      toDOM: (node: PMNode): DOMOutputSpec => [`h${node.attrs.level}`, { dir: 'auto' }, 0],
    },
    blockquote: {
      group: 'block',
      content: 'block+',
      marks: 'insertion modification deletion',
      defining: true,
      parseDOM: [{ tag: 'blockquote' }],
      toDOM: (): DOMOutputSpec => ['blockquote', { dir: 'auto' }, 0],
    },
    text: { group: 'inline' },
    hard_break: {
      group: 'inline',
      inline: true,
      selectable: false,
      parseDOM: [{ tag: 'br' }],
      toDOM: (): DOMOutputSpec => ['br'],
    },
  },
  marks: {
    strong: {
      parseDOM: [
        { tag: 'strong' },
        { tag: 'b', getAttrs: (node: HTMLElement) => node.style?.fontWeight !== 'normal' && null },
        {
          style: 'font-weight',
          getAttrs: (value: string) => /^(bold(er)?|[5-9]\d{2,})$/.test(value) && null,
        },
      ],
      toDOM: (): DOMOutputSpec => ['strong', 0],
    },
    em: {
      parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
      toDOM: (): DOMOutputSpec => ['em', 0],
    },
    link: {
      attrs: { href: { validate: 'string' }, title: { default: null } },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[href]',
          getAttrs: (dom: HTMLElement) => {
            const href = dom.getAttribute('href')
            if (!isSafeHref(href)) return false
            return { href, title: dom.getAttribute('title') }
          },
        },
      ],
      toDOM: linkToDOM,
    },
    insertion: suggestionMark(insertion),
    deletion: suggestionMark(deletion),
    modification: suggestionMark(modification),
  },
})

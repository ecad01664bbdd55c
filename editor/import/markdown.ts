import MarkdownIt from 'markdown-it'
import type { Node as PMNode } from 'prosemirror-model'
import { importHtml, type HtmlDocumentParser } from './html'

// Raw HTML inside Markdown is not rendered: it would bypass the schema's own parsing rules.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false })

/**
 * Turns Markdown into a Spanwise document: rendered by markdown-it, then parsed through the
 * schema like any HTML (lists and code become paragraphs; their text is kept).
 */
export function importMarkdown(source: string, parseHtml: HtmlDocumentParser): PMNode {
  return importHtml(markdown.render(source), parseHtml)
}

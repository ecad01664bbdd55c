import { DOMParser as PMDOMParser, type Node as PMNode } from 'prosemirror-model'
import { schema } from '../schema'

/** Something that parses an HTML string into a DOM document (the browser's DOMParser, linkedom). */
export type HtmlDocumentParser = (html: string) => Document

/**
 * Turns HTML into a Spanwise document by parsing it through the schema: only the schema's nodes
 * and marks survive, so scripts, styles, images and unknown markup are dropped (their text is
 * kept where it is text) and links with unsafe schemes lose their link.
 */
export function importHtml(html: string, parseHtml: HtmlDocumentParser): PMNode {
  const dom = parseHtml(`<!doctype html><html><head></head><body>${html}</body></html>`)
  const body = dom.body ?? dom.documentElement
  const doc = PMDOMParser.fromSchema(schema).parse(body)
  doc.check()
  return doc
}

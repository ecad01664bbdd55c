import { parseHTML } from 'linkedom'
import type { HtmlDocumentParser } from './html'

/** Parses HTML in Node (server, CLI, tests) with linkedom, a small spec-following DOM. */
export const nodeHtmlParser: HtmlDocumentParser = (html) => parseHTML(html).document

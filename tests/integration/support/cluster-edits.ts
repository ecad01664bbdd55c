import * as Y from 'yjs'
import { annotationsMap } from '../../../editor/model/annotation-store'
import { annotateInBlock } from './annotations'
import { waitFor } from './wait'
import { appendParagraph, contentFragment, contentXml, type YjsClient } from './yjs-client'

/** A small seeded PRNG (mulberry32): the same seed gives the same edits. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz '

/** The first text node of each top-level block of a client's document that has one, with the block's index. */
function paragraphTexts(doc: Y.Doc): Array<{ block: number; text: Y.XmlText }> {
  return contentFragment(doc)
    .toArray()
    .map((node, block) => ({ block, text: node instanceof Y.XmlElement ? node.get(0) : null }))
    .filter((entry): entry is { block: number; text: Y.XmlText } => entry.text instanceof Y.XmlText)
}

/** Gives a document `count` paragraphs to type into (before other clients connect). */
export function seedParagraphs(doc: Y.Doc, count: number): void {
  for (let index = 0; index < count; index++) appendParagraph(doc, `paragraph ${index} `)
}

/**
 * One random edit, as an editor makes them: mostly keystrokes (Y.XmlText inserts) and deletions in
 * a shared paragraph, sometimes an annotation on a few characters (through createAnnotation). The
 * annotation ids are `<tag>-<n>`, unique per client.
 */
function randomEdit(client: YjsClient, random: () => number, tag: string, step: number): void {
  const texts = paragraphTexts(client.doc)
  if (texts.length === 0) return
  const { block, text } = texts[Math.floor(random() * texts.length)]
  const roll = random()
  const length = text.length
  if (roll < 0.65 || length < 4) {
    const at = Math.floor(random() * (length + 1))
    const word = Array.from({ length: 1 + Math.floor(random() * 3) }, () => LETTERS[Math.floor(random() * LETTERS.length)]).join('')
    text.insert(at, word)
  } else if (roll < 0.85) {
    const at = Math.floor(random() * (length - 1))
    text.delete(at, Math.min(1 + Math.floor(random() * 2), length - at))
  } else {
    const content = text.toString().replace(/<[^>]*>/g, '')
    const at = Math.floor(random() * (content.length - 3))
    const exact = content.slice(at, at + 3)
    if (exact.trim().length === 0) return
    annotateInBlock(client.doc, block, exact, { id: `${tag}-${step}`, type: 'claim' })
  }
}

/** Runs `steps` random edits on a client, a few milliseconds apart. */
export async function typeRandomly(client: YjsClient, seed: number, tag: string, steps: number): Promise<void> {
  const random = seededRandom(seed)
  for (let step = 0; step < steps; step++) {
    randomEdit(client, random, tag, step)
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 6)))
  }
}

function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, sortedJson(inner)]),
    )
  }
  return value
}

/** What must converge: the content (as XML) and every annotation record (keys sorted). */
export function snapshotOf(doc: Y.Doc): string {
  return JSON.stringify({ content: contentXml(doc), annotations: sortedJson(annotationsMap(doc).toJSON()) })
}

/** The number of annotation records in a document. */
export function annotationCount(doc: Y.Doc): number {
  return annotationsMap(doc).size
}

/**
 * Points a client's provider at another instance, as a provider with a list of URLs (or a load
 * balancer) would after its instance went away: same Y.Doc, same awareness, same token.
 */
export async function moveClient(client: YjsClient, wsUrl: string): Promise<void> {
  client.provider.disconnect()
  await waitFor(() => client.provider.ws === null, 'the client to disconnect')
  client.provider.serverUrl = wsUrl
  client.provider.connect()
}

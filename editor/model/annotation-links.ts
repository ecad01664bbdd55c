import { SYMMETRIC_LINK_TYPES, type AnnotationLink, type AnnotationRecord, type AnnotationType, type LinkType } from './annotation'

/** How a link reads from its source (`out`) and from its target (`in`). */
const LINK_WORDING: Record<LinkType, { out: string; in: string }> = {
  supports: { out: 'supports', in: 'supported by' },
  contradicts: { out: 'contradicts', in: 'contradicted by' },
  quotes: { out: 'quotes', in: 'quoted by' },
  'same-event-as': { out: 'same event as', in: 'same event as' },
  cites: { out: 'cites', in: 'cited by' },
  mentions: { out: 'mentions', in: 'mentioned by' },
}

/** Which way a link points, seen from one annotation: it holds the link (`out`) or is its target (`in`). */
export type LinkDirection = 'out' | 'in'

/** The words for a link seen from one end: "supports", "supported by"… */
export function linkWording(type: LinkType, direction: LinkDirection): string {
  return LINK_WORDING[type][direction]
}

/**
 * The relations a person can pick for a new link from an annotation, each with the wording seen
 * from it: "supports" (it is the source), "supported by" (the picked one is the source)…
 * `same-event-as` reads the same both ways, so it is offered once.
 */
export interface LinkChoice {
  readonly type: LinkType
  readonly direction: LinkDirection
  readonly label: string
}

export const LINK_CHOICES: readonly LinkChoice[] = (Object.keys(LINK_WORDING) as LinkType[]).flatMap((type): LinkChoice[] =>
  (type === 'same-event-as' ? (['out'] as const) : (['out', 'in'] as const)).map((direction) => ({ type, direction, label: linkWording(type, direction) })),
)

/** One link as one annotation sees it. */
export interface LinkEnd {
  /** The annotation holding the link (its source). */
  readonly source: string
  readonly link: AnnotationLink
  readonly direction: LinkDirection
  /** The annotation at the other end. */
  readonly other: string
}

/**
 * Every link by annotation id, both ways: each link appears under its source (`out`) and its
 * target (`in`). Two symmetric links between the same pair (one made from each end, concurrently)
 * count as one: the one held by the annotation whose id sorts first.
 */
export function indexLinks(records: Iterable<Pick<AnnotationRecord, 'id' | 'links'>>): ReadonlyMap<string, readonly LinkEnd[]> {
  const index = new Map<string, LinkEnd[]>()
  const add = (id: string, end: LinkEnd) => {
    const ends = index.get(id)
    if (ends) ends.push(end)
    else index.set(id, [end])
  }
  const all = [...records]
  // A symmetric link made from both ends at once (two people, concurrently) is listed once.
  const symmetric = new Set(
    all.flatMap((record) => record.links.filter((link) => SYMMETRIC_LINK_TYPES.has(link.type)).map((link) => `${record.id}\u0000${link.type}\u0000${link.target}`)),
  )
  for (const record of all) {
    for (const link of record.links) {
      const reverse = `${link.target}\u0000${link.type}\u0000${record.id}`
      if (symmetric.has(reverse) && link.target < record.id) continue
      add(record.id, { source: record.id, link, direction: 'out', other: link.target })
      if (link.target !== record.id) add(link.target, { source: record.id, link, direction: 'in', other: record.id })
    }
  }
  return index
}

const TYPE_NOUNS: Record<AnnotationType, [string, string]> = { event: ['event', 'events'], quote: ['quote', 'quotes'], claim: ['claim', 'claims'] }

/**
 * A short summary of an annotation's links, grouped by wording and by the type of the other end:
 * "supported by 2 quotes · quotes 1 quote". Ends whose other annotation is missing are counted as
 * broken. Empty when there are none.
 */
export function summarizeLinks(ends: readonly LinkEnd[], typeOf: (id: string) => AnnotationType | null): string {
  const groups = new Map<string, number>()
  let broken = 0
  for (const end of ends) {
    const type = typeOf(end.other)
    if (type === null) {
      broken += 1
      continue
    }
    const key = `${linkWording(end.link.type, end.direction)}\u0000${type}`
    groups.set(key, (groups.get(key) ?? 0) + 1)
  }
  const parts = [...groups].map(([key, count]) => {
    const [wording, type] = key.split('\u0000') as [string, AnnotationType]
    return `${wording} ${count} ${TYPE_NOUNS[type][count === 1 ? 0 : 1]}`
  })
  if (broken > 0) parts.push(`${broken} broken`)
  return parts.join(' · ')
}

import { DiffBudget, diffSequences } from './sequence-diff'

/** A text block to compare: its kind and its plain text (hard breaks as "\n"). */
export interface TextBlock {
  readonly type: 'paragraph' | 'heading'
  readonly level?: number
  readonly text: string
}

/** A piece of a compared block's text: in both, only in the old one (deleted) or only in the new one (inserted). */
export interface DiffSegment {
  readonly kind: 'same' | 'deleted' | 'inserted'
  readonly text: string
}

/**
 * One block of the comparison. `same`: unchanged; `changed`: the block in both, its text marked
 * word by word (`was` says what it was when its kind changed); `inserted` / `deleted`: only in the new / old document.
 */
export interface BlockDiff {
  readonly kind: 'same' | 'changed' | 'inserted' | 'deleted'
  readonly type: TextBlock['type']
  readonly level?: number
  readonly segments: readonly DiffSegment[]
  readonly was?: { readonly type: TextBlock['type']; readonly level?: number }
}

/** The text of two documents compared block by block, with the words inserted and deleted. */
export interface TextComparison {
  readonly blocks: readonly BlockDiff[]
  readonly insertedWords: number
  readonly deletedWords: number
}

// A word (letters, marks such as Hebrew points, digits; "Russia's" and "don’t" are one word), a
// run of white space, or any other single character (punctuation, quotes, dashes).
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|\s+|[^\s\p{L}\p{M}\p{N}]/gu
const WORD = /[\p{L}\p{N}]/u
const WHITE_SPACE_ONLY = /^\s+$/u

/** Splits text into the tokens words are compared by; they join back into the text. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? []
}

/** Gives every distinct string one number, so sequences of strings compare as numbers. */
class Interner {
  private readonly ids = new Map<string, number>()
  id(value: string): number {
    let id = this.ids.get(value)
    if (id === undefined) {
      id = this.ids.size
      this.ids.set(value, id)
    }
    return id
  }
}

function countWords(tokens: readonly string[]): number {
  return tokens.filter((token) => WORD.test(token)).length
}

/**
 * Merges each stretch of changes into one deleted and one inserted segment (in that order),
 * taking in the white space between two changes, so "big cat" → "small dog" reads as one change.
 */
function tidy(segments: readonly DiffSegment[]): DiffSegment[] {
  const result: DiffSegment[] = []
  let deleted = ''
  let inserted = ''
  const flush = () => {
    if (deleted) result.push({ kind: 'deleted', text: deleted })
    if (inserted) result.push({ kind: 'inserted', text: inserted })
    deleted = inserted = ''
  }
  segments.forEach((segment, index) => {
    const between = index > 0 && index < segments.length - 1 && segments[index + 1].kind !== 'same' && (deleted || inserted)
    if (segment.kind === 'same' && between && WHITE_SPACE_ONLY.test(segment.text)) {
      deleted += segment.text
      inserted += segment.text
    } else if (segment.kind === 'deleted') deleted += segment.text
    else if (segment.kind === 'inserted') inserted += segment.text
    else {
      flush()
      const last = result.at(-1)
      if (last?.kind === 'same') result[result.length - 1] = { kind: 'same', text: last.text + segment.text }
      else result.push(segment)
    }
  })
  flush()
  return result
}

/**
 * The words of `before` and `after` compared: segments, and the number of words inserted and
 * deleted. `budget` (shared by a whole comparison) bounds the work; once spent, the changed
 * middle is one deletion and one insertion.
 */
export function compareWords(before: string, after: string, budget: DiffBudget = new DiffBudget()): { segments: DiffSegment[]; insertedWords: number; deletedWords: number } {
  const a = tokenize(before)
  const b = tokenize(after)
  const interner = new Interner()
  const runs = diffSequences(
    a.map((token) => interner.id(token)),
    b.map((token) => interner.id(token)),
    budget,
  )
  const segments: DiffSegment[] = []
  let [x, y, insertedWords, deletedWords] = [0, 0, 0, 0]
  for (const run of runs) {
    if (run.kind === 'same') {
      segments.push({ kind: 'same', text: b.slice(y, y + run.count).join('') })
      x += run.count
      y += run.count
    } else if (run.kind === 'deleted') {
      segments.push({ kind: 'deleted', text: a.slice(x, x + run.count).join('') })
      deletedWords += countWords(a.slice(x, x + run.count))
      x += run.count
    } else {
      segments.push({ kind: 'inserted', text: b.slice(y, y + run.count).join('') })
      insertedWords += countWords(b.slice(y, y + run.count))
      y += run.count
    }
  }
  return { segments: tidy(segments), insertedWords, deletedWords }
}

/** How alike two blocks' words are: shared distinct words over all distinct words (Dice), 0–1. */
function similarity(before: string, after: string): number {
  const words = (text: string) => new Set(tokenize(text.toLowerCase()).filter((token) => WORD.test(token)))
  const a = words(before)
  const b = words(after)
  if (a.size === 0 && b.size === 0) return before.trim() === after.trim() ? 1 : 0
  let shared = 0
  for (const word of a) if (b.has(word)) shared++
  return (2 * shared) / (a.size + b.size)
}

/** Blocks at least this alike are shown as one changed block; less alike, as one deleted and one inserted. */
const PAIRING_SIMILARITY = 0.4
/** How far ahead among the inserted blocks a deleted block looks for its changed counterpart. */
const PAIRING_WINDOW = 8

const kindOf = (block: TextBlock) => ({ type: block.type, ...(block.level !== undefined ? { level: block.level } : {}) })

class ComparisonBuilder {
  readonly blocks: BlockDiff[] = []
  insertedWords = 0
  deletedWords = 0

  constructor(private readonly budget: DiffBudget) {}

  whole(kind: 'same' | 'inserted' | 'deleted', block: TextBlock): void {
    this.blocks.push({ kind, ...kindOf(block), segments: block.text ? [{ kind, text: block.text }] : [] })
    if (kind === 'inserted') this.insertedWords += countWords(tokenize(block.text))
    if (kind === 'deleted') this.deletedWords += countWords(tokenize(block.text))
  }

  changed(before: TextBlock, after: TextBlock): void {
    const words = compareWords(before.text, after.text, this.budget)
    const kindChanged = before.type !== after.type || before.level !== after.level
    this.blocks.push({ kind: 'changed', ...kindOf(after), segments: words.segments, ...(kindChanged ? { was: kindOf(before) } : {}) })
    this.insertedWords += words.insertedWords
    this.deletedWords += words.deletedWords
  }

  /** A stretch of blocks only in one document or the other: pairs alike blocks in order, the rest inserted or deleted. */
  gap(deleted: readonly TextBlock[], inserted: readonly TextBlock[]): void {
    let next = 0
    for (const block of deleted) {
      let best = -1
      let bestScore = PAIRING_SIMILARITY
      for (let index = next; index < Math.min(inserted.length, next + PAIRING_WINDOW); index++) {
        const score = similarity(block.text, inserted[index].text)
        if (score >= bestScore && (best === -1 || score > bestScore)) [best, bestScore] = [index, score]
      }
      if (best === -1) {
        this.whole('deleted', block)
        continue
      }
      for (; next < best; next++) this.whole('inserted', inserted[next])
      this.changed(block, inserted[best])
      next = best + 1
    }
    for (; next < inserted.length; next++) this.whole('inserted', inserted[next])
  }
}

/**
 * Compares two documents' text blocks: blocks are matched first (equal kind and text), then the
 * blocks between matches are paired by likeness and compared word by word. Pure; linear in the
 * text when little changed. All its diffs share one `budget` (default {@link DEFAULT_DIFF_BUDGET}
 * units), so the work is bounded however many blocks changed: once it is spent, changed blocks
 * and stretches are shown deleted whole and inserted whole (see `diffSequences`).
 */
export function compareBlocks(before: readonly TextBlock[], after: readonly TextBlock[], budget: DiffBudget = new DiffBudget()): TextComparison {
  const interner = new Interner()
  const key = (block: TextBlock) => interner.id(`${block.type}\u0000${block.level ?? ''}\u0000${block.text}`)
  const runs = diffSequences(before.map(key), after.map(key), budget)
  const builder = new ComparisonBuilder(budget)
  let [x, y] = [0, 0]
  let deleted: TextBlock[] = []
  let inserted: TextBlock[] = []
  for (const run of runs) {
    if (run.kind === 'deleted') deleted = deleted.concat(before.slice(x, (x += run.count)))
    else if (run.kind === 'inserted') inserted = inserted.concat(after.slice(y, (y += run.count)))
    else {
      builder.gap(deleted, inserted)
      ;[deleted, inserted] = [[], []]
      for (const block of after.slice(y, y + run.count)) builder.whole('same', block)
      x += run.count
      y += run.count
    }
  }
  builder.gap(deleted, inserted)
  return { blocks: builder.blocks, insertedWords: builder.insertedWords, deletedWords: builder.deletedWords }
}

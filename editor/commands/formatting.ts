import { setBlockType, toggleMark } from 'prosemirror-commands'
import type { Command, EditorState } from 'prosemirror-state'
import { MAX_HEADING_LEVEL, schema } from '../schema'

/** Toggles bold on the selection (or the stored marks at the cursor). */
export const toggleStrong: Command = toggleMark(schema.marks.strong)

/** Toggles italic on the selection (or the stored marks at the cursor). */
export const toggleEm: Command = toggleMark(schema.marks.em)

/** Turns the selected text blocks into headings of `level` (1–3); false when that does not apply. */
export function setHeading(level: number): Command {
  if (!Number.isInteger(level) || level < 1 || level > MAX_HEADING_LEVEL) {
    throw new RangeError(`setHeading: level must be 1–${MAX_HEADING_LEVEL}, got ${level}`)
  }
  return setBlockType(schema.nodes.heading, { level })
}

/** Turns the selected text blocks into paragraphs; false when they already are. */
export const setParagraph: Command = setBlockType(schema.nodes.paragraph)

/** True when `markName` is active on the whole selection or in the stored marks at the cursor. */
export function isMarkActive(state: EditorState, markName: 'strong' | 'em'): boolean {
  const type = schema.marks[markName]
  const { from, to, empty, $from } = state.selection
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks())
  return state.doc.rangeHasMark(from, to, type)
}

/** The heading level of the block at the selection's start, or 0 for a paragraph. */
export function activeHeadingLevel(state: EditorState): number {
  const parent = state.selection.$from.parent
  return parent.type === schema.nodes.heading ? (parent.attrs.level as number) : 0
}

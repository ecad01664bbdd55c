import './zod-setup'
import { z } from 'zod'

/**
 * What a share token lets its holder do with one document: one contract, imported by the collab
 * server (which signs and enforces roles) and the app (which shows them).
 *
 * - `editor`: change anything (text, metadata, annotations);
 * - `annotator`: create, edit, delete and comment on annotations; the text is read-only;
 * - `viewer`: read only.
 */
export const ROLES = ['editor', 'annotator', 'viewer'] as const

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number]

/** Accepts one of {@link ROLES}. */
export const roleSchema = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` })

/** True when `value` names a {@link Role}. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Each role's name as people read it. */
export const ROLE_LABELS: Record<Role, string> = { editor: 'Editor', annotator: 'Annotator', viewer: 'Viewer' }

/** What each role may do, as the UI explains it after the label. */
const ROLE_SUMMARIES: Record<Role, string> = {
  editor: 'edits the text and annotates',
  annotator: 'annotates and comments; the text is read-only',
  viewer: 'reads only',
}

/** A role's label and what it may do, e.g. "Viewer — reads only". */
export function describeRole(role: Role): string {
  return `${ROLE_LABELS[role]} — ${ROLE_SUMMARIES[role]}`
}

/** What each role may do in the editor: change the text, or create and change annotations. */
export function permissionsOf(role: Role): { editText: boolean; annotate: boolean } {
  return { editText: role === 'editor', annotate: role !== 'viewer' }
}

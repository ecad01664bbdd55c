/**
 * What a share token lets its holder do with one document. Node-free: the app imports it too.
 *
 * - `editor`: change anything (text, metadata, annotations);
 * - `annotator`: create, edit, delete and comment on annotations; the text is read-only;
 * - `viewer`: read only.
 */
export const ROLES = ['editor', 'annotator', 'viewer'] as const

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number]

/** True when `value` names a {@link Role}. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

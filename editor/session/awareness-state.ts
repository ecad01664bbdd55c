import '../model/zod-setup'
import { z } from 'zod'
import { describeIssues } from '../model/describe-issues'
import { CONTENT_FRAGMENT } from '../model/doc-layout'
import { userIdentitySchema } from '../user/identity'

/**
 * The awareness (presence) contract shared by the collab server, which refuses states outside it,
 * and the page, which ignores them. See docs/data-model.md, "Awareness (presence)".
 */

/** Largest awareness state, in UTF-8 bytes of its JSON. A real one is about 500 bytes. */
export const MAX_AWARENESS_STATE_BYTES = 4096

/** Fields a state may carry besides `user` and `cursor` (other Yjs tools add their own). */
const MAX_AWARENESS_EXTRA_FIELDS = 8

const KNOWN_FIELDS = new Set(['user', 'cursor'])

/** The person behind a state: what the app publishes under `user` (its identity's rules). */
export const awarenessUserSchema = z.object({
  id: userIdentitySchema.shape.id.optional(),
  name: userIdentitySchema.shape.name,
  color: userIdentitySchema.shape.color,
})
export type AwarenessUser = z.infer<typeof awarenessUserSchema>

const yIdSchema = z.object({
  client: z.number().int().nonnegative(),
  clock: z.number().int().nonnegative(),
})

/**
 * A Yjs relative position in the `prosemirror` fragment, as JSON: y-prosemirror stores
 * `Y.RelativePosition` objects, whose absent parts serialise as `null`.
 */
const cursorPositionSchema = z
  .object({
    type: yIdSchema.nullish(),
    tname: z.literal(CONTENT_FRAGMENT).nullish(),
    item: yIdSchema.nullish(),
    assoc: z.number().int().nullish(),
  })
  .refine((position) => position.type != null || position.tname != null || position.item != null, {
    message: 'must name a type (type or tname) or an item',
  })

/** y-prosemirror's `cursor` field: the selection's anchor and head; null when the editor is not focused. */
const awarenessCursorSchema = z.object({ anchor: cursorPositionSchema, head: cursorPositionSchema })

/**
 * A valid awareness state: a JSON object with an optional `user` and an optional `cursor`, plus at
 * most {@link MAX_AWARENESS_EXTRA_FIELDS} other fields (kept as they are). A bare `{}` (what a
 * y-websocket client publishes before it sets anything) is valid. Size is checked separately.
 */
export const awarenessStateSchema = z
  .object({ user: awarenessUserSchema.optional(), cursor: awarenessCursorSchema.nullish() })
  .catchall(z.unknown())
  .refine((state) => Object.keys(state).filter((key) => !KNOWN_FIELDS.has(key)).length <= MAX_AWARENESS_EXTRA_FIELDS, {
    message: `has more than ${MAX_AWARENESS_EXTRA_FIELDS} fields besides user and cursor`,
  })
export type AwarenessState = z.infer<typeof awarenessStateSchema>

/** The outcome of {@link checkAwarenessStateJSON}: the state (null: removed) or why it is invalid. */
export type AwarenessStateCheck = { ok: true; state: AwarenessState | null } | { ok: false; error: string }

const utf8 = new TextEncoder()

function checkParsed(value: unknown): AwarenessStateCheck {
  if (value === null) return { ok: true, state: null }
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'is not an object' }
  const parsed = awarenessStateSchema.safeParse(value)
  if (parsed.success) return { ok: true, state: parsed.data }
  // One issue only: the error ends up in a websocket close reason (at most 123 bytes).
  return { ok: false, error: describeIssues(parsed.error, '', 1) }
}

/**
 * Checks an awareness state as it travels: JSON text of at most {@link MAX_AWARENESS_STATE_BYTES}
 * UTF-8 bytes (`byteLength`, when the caller already knows it) holding `null` (the state was
 * removed) or a valid {@link AwarenessState}. The error names what is wrong, e.g.
 * `user.name: Invalid input: expected string, received number`.
 */
export function checkAwarenessStateJSON(json: string, byteLength = utf8.encode(json).byteLength): AwarenessStateCheck {
  if (byteLength > MAX_AWARENESS_STATE_BYTES) {
    return { ok: false, error: `is ${byteLength} bytes (at most ${MAX_AWARENESS_STATE_BYTES})` }
  }
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return { ok: false, error: 'is not JSON' }
  }
  return checkParsed(value)
}

// Awareness replaces a state object whenever it changes, so a verdict per object stays true.
const verdicts = new WeakMap<object, AwarenessState | null>()

/**
 * A state received from anyone, as something safe to read: the valid {@link AwarenessState}, or
 * null when it is absent, malformed or larger than {@link MAX_AWARENESS_STATE_BYTES} once encoded.
 * Never throws. Readers of remote awareness states go through this.
 */
export function toSafeAwarenessState(state: unknown): AwarenessState | null {
  if (typeof state !== 'object' || state === null) return null
  const known = verdicts.get(state)
  if (known !== undefined) return known
  let verdict: AwarenessState | null = null
  try {
    const json = JSON.stringify(state)
    const check = json === undefined ? null : checkAwarenessStateJSON(json)
    verdict = check?.ok ? check.state : null
  } catch {
    // A cycle or a throwing getter cannot come from JSON; such a state is simply not safe.
  }
  verdicts.set(state, verdict)
  return verdict
}

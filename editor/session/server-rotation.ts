import { isPermanentClose } from '../model/close-codes'

/**
 * Which of the collab server's websocket URLs (one per instance, or one load balancer) a session
 * connects to. Sessions start at a random one so that clients spread over the instances, and
 * move to the next one after a connection closes or fails, so that a dead instance is left on
 * the very next reconnect.
 */
export interface ServerRotation {
  readonly urls: readonly string[]
  /** The index in {@link ServerRotation.urls} of the URL the next connection uses. */
  readonly index: number
}

/**
 * A rotation over `urls` starting at the one `random()` (a number in [0, 1), as `Math.random`
 * returns) picks. Throws on an empty list: a session needs somewhere to connect.
 */
export function startRotation(urls: readonly string[], random: () => number = Math.random): ServerRotation {
  if (urls.length === 0) throw new Error('startRotation: at least one collab server URL is needed')
  const picked = Math.floor(random() * urls.length)
  return { urls, index: Number.isInteger(picked) && picked >= 0 && picked < urls.length ? picked : 0 }
}

/** The URL the next connection uses. */
export function currentServerUrl(rotation: ServerRotation): string {
  return rotation.urls[rotation.index]
}

/**
 * The rotation after a connection closed with `code` (null: the client closed it itself, e.g. its
 * silence watchdog): the next URL, except after a deliberate refusal (4400–4499, such as 4401,
 * 4403, 4409 or 4410), on which the client stops reconnecting and another instance would refuse
 * the same way. Returns `rotation` itself when it does not move (one URL, or a refusal).
 */
export function rotationAfterClose(rotation: ServerRotation, code: number | null): ServerRotation {
  if (rotation.urls.length < 2 || (code !== null && isPermanentClose(code))) return rotation
  return { urls: rotation.urls, index: (rotation.index + 1) % rotation.urls.length }
}

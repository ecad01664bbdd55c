import type * as Y from 'yjs'

/** An update decoded by `Y.decodeUpdate`. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

/**
 * A decoded y-websocket message. Payloads are copies (they never alias the socket's buffer) and
 * have been checked to parse: a state vector, a Yjs (v1) update, or an awareness update. A
 * decoded Yjs update keeps what `Y.decodeUpdate` made of it (`decoded`), so that the write checks
 * do not decode it a second time.
 */
export type ProtocolMessage =
  /** "Here is my state vector; send me what I miss." */
  | { readonly type: 'sync-step-1'; readonly stateVector: Uint8Array }
  /** The answer to sync-step-1: everything the asker misses, as one Yjs update. */
  | { readonly type: 'sync-step-2'; readonly update: Uint8Array; readonly decoded?: DecodedUpdate }
  /** An incremental Yjs update. */
  | { readonly type: 'sync-update'; readonly update: Uint8Array; readonly decoded?: DecodedUpdate }
  /** An awareness update (presence, cursors) for one or more clients. */
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  /** A request for the awareness states of everyone in the room. */
  | { readonly type: 'query-awareness' }
  /** Access to the document was denied, with a human-readable reason. */
  | { readonly type: 'auth-permission-denied'; readonly reason: string }

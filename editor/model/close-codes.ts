/**
 * WebSocket close codes the collab server sends, by name: one contract, imported by the server
 * (which sends them) and the browser session (which explains them). Codes 4400–4499 mirror HTTP
 * 4xx: the y-websocket client treats them as permanent and stops reconnecting. Every other code is
 * transient and the client reconnects with backoff.
 */
export const CloseCode = {
  /** The path's document id is outside `^[A-Za-z0-9_-]{1,64}$`. Permanent. */
  BadDocumentId: 4400,
  /**
   * No token, or one that is malformed, expired or forged (`AUTH=on`). The reason is the token
   * error, e.g. "token expired". Permanent: the person needs a new link.
   */
  Unauthorized: 4401,
  /**
   * A valid token for another document, or a browser page whose `Origin` is not allowed ("origin
   * not allowed"). Permanent.
   */
  Forbidden: 4403,
  /** No document with that id exists; documents are created only by `POST /api/docs` or the seed. Permanent. */
  DocumentNotFound: 4404,
  /**
   * The peer sent an update its role does not allow (a viewer changing anything, an annotator
   * changing more than annotations) or that cannot be checked; nothing of it was applied. Sent
   * right after an auth `permission-denied` message with the same reason; the close reason is
   * "update refused: <why>". Permanent on purpose (4400–4499): the client's Y.Doc now holds
   * changes the server will never take, and a y-websocket reconnect would only resend them and be
   * refused again. The client must drop that Y.Doc and connect a fresh one (the app does this).
   */
  UpdateRefused: 4409,
  /**
   * The socket URL's `createdAt` parameter is not the document's creation stamp: the document the
   * client has a copy of was deleted and created again under the same id (e.g. a wiped data
   * directory). Nothing the client sent is applied: its Y.Doc holds the old document's content,
   * which would be duplicated into the new one. Permanent: the client must drop that Y.Doc (and
   * its local copy) and load the document again.
   */
  DocumentRecreated: 4410,
  /**
   * A frame could not be decoded as a y-websocket message (truncated, unknown type, garbage), or an
   * awareness state breaks the awareness contract ("malformed message: awareness state <why>").
   * Permanent.
   */
  MalformedMessage: 4422,
  /**
   * The peer claimed more awareness client ids than one connection may own (4); the reason is "too
   * many awareness client ids (at most 4 per connection)". Permanent: a page needs one.
   */
  TooManyAwarenessClients: 4422,
  /**
   * The peer's updates refer to content the server does not have (a clock gap, a parent or
   * neighbour never received) and the updates held aside for it passed `maxPendingBytes`, so the
   * server dropped them (or Yjs kept part of an update pending after all); the close reason is "update refers to unknown content". Permanent on
   * purpose (same code as {@link CloseCode.MalformedMessage}): on every (re)connect a y-websocket
   * client sends everything the server lacks, so an update with missing dependencies means the
   * client's own state is incomplete or it is not a well-behaved client, and reconnecting would
   * only send it again. The client must drop that Y.Doc and connect a fresh one.
   */
  UnknownContent: 4422,
  /**
   * A frame exceeded `maxMessageBytes`. `ws` enforces the limit (`maxPayload`) and closes with
   * RFC 6455's "message too big" itself, so this is 1009, not a 44xx code: the client reconnects.
   */
  MessageTooLarge: 1009,
  /** The client read too slowly: more than `maxBufferedBytes` were waiting to be sent. Transient. */
  SlowConsumer: 4008,
  /** The server failed (storage error); the client should reconnect and resync. Transient. */
  InternalError: 1011,
  /** Graceful shutdown ("service restart"): the client should reconnect. Transient. */
  ServerRestarting: 1012,
  /**
   * RFC 6455 "Try Again Later": the peer sent more messages than its rate limit allows
   * (`updateRateLimit` per second, bursts of `updateBurst`); the reason is "rate limit exceeded".
   * Transient: the client reconnects with backoff and resyncs. Nothing it typed is lost: the
   * message that overflowed is not applied, but its change stays in the client's Y.Doc and the
   * SyncStep2 of the reconnect sends it again. Messages before it were applied and stored.
   */
  RateLimited: 1013,
  /**
   * RFC 6455 "Try Again Later": the document was unloaded to make room for another one, because
   * `maxRooms` documents were already in memory and this one was the least recently used. The
   * reason is "document unloaded: server at capacity". Transient: everything the peer sent before
   * was stored; the client reconnects and the document loads again.
   */
  ServerAtCapacity: 1013,
  /**
   * RFC 6455 "Try Again Later", reason "server busy": the server's heap passed its shedding
   * threshold (`heapShedRatio`) and this connection held the most queued memory (unsent frames,
   * unapplied messages). Transient: the client reconnects with backoff and resyncs; what it sent
   * before was applied.
   */
  ServerBusy: 1013,
  /**
   * RFC 6455 "Try Again Later", reason "too many messages waiting to be applied": more of the
   * peer's messages waited in its room than `maxQueuedIncomingMessages` / `maxQueuedIncomingBytes`
   * allow. Transient, like {@link CloseCode.RateLimited}: the message that overflowed is not
   * applied, the reconnect's SyncStep2 sends its change again.
   */
  Backlogged: 1013,
  /**
   * RFC 6455 "Try Again Later", refused at the door: the address, token or document already has as
   * many open connections as `maxConnectionsPerAddress` / `PerToken` / `PerDocument` allow; the
   * reason is "too many connections from this address" (… "with this token", … "to this
   * document"). Transient: the client retries with backoff.
   */
  TooManyConnections: 1013,
  /**
   * The peer's update adds content to a document whose stored updates would then pass
   * `maxDocumentBytes`; nothing of it was applied. The reason is "document size quota exceeded".
   * Permanent (like {@link CloseCode.UpdateRefused}): the client's Y.Doc holds content the server
   * will not take and a reconnect would only send it again. Updates that add nothing (a SyncStep2
   * of a client that is up to date, deletions) are still taken, so a full document can be read and
   * made smaller.
   */
  DocumentTooLarge: 4413,
} as const

/** One of the {@link CloseCode} values. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode]

/**
 * Whether the server closed for good (4400–4499, see {@link CloseCode}): the client must not
 * reconnect, to this server or any other instance of it. Every other close is transient.
 */
export function isPermanentClose(code: number): boolean {
  return code >= 4400 && code < 4500
}

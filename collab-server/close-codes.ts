/**
 * WebSocket close codes the collab server sends, by name. Codes 4400–4499 mirror HTTP 4xx: the
 * y-websocket client treats them as permanent and stops reconnecting. Every other code is
 * transient and the client reconnects with backoff.
 */
export const CloseCode = {
  /** The path's document id is outside `^[A-Za-z0-9_-]{1,64}$`. Permanent. */
  BadDocumentId: 4400,
  /** No document with that id exists; documents are created only by `POST /api/docs` or the seed. Permanent. */
  DocumentNotFound: 4404,
  /** A frame could not be decoded as a y-websocket message (truncated, unknown type, garbage). Permanent. */
  MalformedMessage: 4422,
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
} as const

/** One of the {@link CloseCode} values. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode]

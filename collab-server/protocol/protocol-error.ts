/** Why a frame could not be decoded. */
export type ProtocolErrorKind = 'empty' | 'truncated' | 'unknown-message-type' | 'unknown-sync-type' | 'unknown-auth-type' | 'invalid-payload' | 'trailing-bytes'

/** A frame that is not a valid y-websocket message. Returned by the decoder, never thrown. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError'

  /**
   * @param kind - what is wrong with the frame
   * @param message - human-readable detail naming the byte offset or field
   */
  constructor(
    readonly kind: ProtocolErrorKind,
    message: string,
  ) {
    super(message)
  }
}

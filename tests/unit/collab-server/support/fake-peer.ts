import type { Role } from '../../../../editor/model/roles'
import type { CloseCodeValue } from '../../../../editor/model/close-codes'
import { decodeMessage, type ProtocolMessage } from '../../../../collab-server/protocol'
import type { RoomPeer } from '../../../../collab-server/rooms/room-peer'

/** A {@link RoomPeer} that records what the room sent it (decoded) and how it was closed. */
export class FakePeer implements RoomPeer {
  readonly sent: ProtocolMessage[] = []
  closedWith: { code: CloseCodeValue; reason: string } | null = null

  constructor(
    readonly id: string,
    readonly role: Role = 'editor',
    /** Peers made with the same principal share ownership of Yjs client ids (as one share link does). */
    readonly principal: string = `principal:${id}`,
  ) {}

  send(frame: Uint8Array): void {
    const result = decodeMessage(frame)
    if (!result.ok) throw result.error
    this.sent.push(result.message)
  }

  close(code: CloseCodeValue, reason: string): void {
    this.closedWith ??= { code, reason }
  }

  /** The types of the messages sent so far, in order. */
  get sentTypes(): string[] {
    return this.sent.map((message) => message.type)
  }
}

/** Lets every pending promise callback run (the room handles messages asynchronously). */
export async function settle(): Promise<void> {
  for (let round = 0; round < 20; round++) await new Promise((resolve) => setImmediate(resolve))
}

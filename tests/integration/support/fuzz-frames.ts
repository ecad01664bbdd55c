import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeMessage } from '../../../collab-server/protocol'
import { CONTENT_FRAGMENT } from '../../../editor/model/doc-layout'
import { mulberry32 } from '../../unit/support/seeded-random'

/** Helpers over one seeded random source. */
export class Random {
  readonly next: () => number

  constructor(readonly seed: number) {
    this.next = mulberry32(seed)
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]
  }

  bytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => this.int(0, 255))
  }
}

const HUGE_LENGTHS = [2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 1e9, 65_536, 1_000_000]

function build(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/**
 * A donor Y.Doc, never connected to the server, whose small edits and awareness states provide
 * well-formed frames to send as they are or to mutate. Its client id is random, so mutated
 * updates practically never claim the clock range of a real client.
 */
export class DonorDoc {
  private readonly doc: Y.Doc
  private readonly awareness: awarenessProtocol.Awareness
  private readonly updates: Uint8Array[] = []

  constructor(private readonly random: Random) {
    this.doc = new Y.Doc()
    this.doc.clientID = random.int(1, 2 ** 31)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.doc.on('update', (update: Uint8Array) => this.updates.push(update))
  }

  /** Makes one small edit and returns its update. */
  edit(): Uint8Array {
    const { random } = this
    this.doc.transact(() => {
      const choice = random.int(0, 3)
      if (choice === 0) {
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [new Y.XmlText(`donor ${random.int(0, 999)}`)])
        this.doc.getXmlFragment(CONTENT_FRAGMENT).push([paragraph])
      } else if (choice === 1) {
        this.doc.getMap('fuzz-map').set(`k${random.int(0, 20)}`, random.int(0, 1e6))
      } else {
        const text = this.doc.getText('fuzz-text')
        if (choice === 2 || text.length === 0) text.insert(random.int(0, text.length), `t${random.int(0, 99)}`)
        else text.delete(random.int(0, text.length - 1), 1)
      }
    })
    return this.updates[this.updates.length - 1]
  }

  /** A well-formed frame: an update, a SyncStep1, an awareness update or an awareness query. */
  validFrame(): Uint8Array {
    const { random } = this
    switch (random.int(0, 4)) {
      case 0:
        return encodeMessage({ type: 'sync-update', update: this.edit() })
      case 1:
        return encodeMessage({ type: 'sync-step-2', update: this.edit() })
      case 2:
        return encodeMessage({ type: 'sync-step-1', stateVector: Y.encodeStateVector(this.doc) })
      case 3:
        this.awareness.setLocalState({ user: { name: `fuzz ${random.int(0, 99)}`, color: '#0072B2' }, cursor: null })
        return encodeMessage({
          type: 'awareness',
          update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]),
        })
      default:
        return Uint8Array.of(3)
    }
  }

  /** Stops the awareness timer. */
  destroy(): void {
    this.awareness.destroy()
    this.doc.destroy()
  }

  /** A past update of the donor (to resend or mutate), or a new one when there is none yet. */
  pastUpdate(): Uint8Array {
    return this.updates.length > 0 ? this.random.pick(this.updates) : this.edit()
  }
}

/** Writes `numbers` as varUints, then `tail` as raw bytes. */
function writeHeaded(encoder: encoding.Encoder, numbers: readonly number[], tail: Uint8Array): void {
  for (const number of numbers) encoding.writeVarUint(encoder, number)
  encoding.writeUint8Array(encoder, tail)
}

function mutate(random: Random, frame: Uint8Array): Uint8Array {
  let bytes = Uint8Array.from(frame)
  for (let round = random.int(1, 3); round > 0 && bytes.length > 0; round--) {
    const at = random.int(0, bytes.length - 1)
    switch (random.int(0, 4)) {
      case 0:
        bytes[at] ^= 1 << random.int(0, 7)
        break
      case 1:
        bytes[at] = random.int(0, 255)
        break
      case 2:
        bytes = bytes.slice(0, at)
        break
      case 3:
        bytes = Uint8Array.from([...bytes.slice(0, at), random.int(0, 255), ...bytes.slice(at)])
        break
      default:
        bytes = Uint8Array.from([...bytes.slice(0, at), ...bytes.slice(at + 1)])
    }
  }
  return bytes
}

/** The kinds of frame {@link fuzzFrame} produces. */
export type FrameKind =
  'random-bytes' | 'truncated-varint' | 'huge-length' | 'unknown-type' | 'envelope-garbage' | 'mutated-valid' | 'mutated-update' | 'odd-state-vector' | 'odd-awareness' | 'valid'

// About half the frames decode (and are applied); each of the others costs the sender a new socket.
const WEIGHTED_KINDS: ReadonlyArray<readonly [FrameKind, number]> = [
  ['random-bytes', 1],
  ['truncated-varint', 1],
  ['huge-length', 1],
  ['unknown-type', 1],
  ['envelope-garbage', 1],
  ['mutated-valid', 1],
  ['mutated-update', 3],
  ['odd-state-vector', 2],
  ['odd-awareness', 3],
  ['valid', 4],
]
const KINDS: readonly FrameKind[] = WEIGHTED_KINDS.flatMap(([kind, weight]) => Array<FrameKind>(weight).fill(kind))

const ODD_JSON = ['null', '0', '-1e308', '"x"', '[]', '{}', '[[[[[[[[[[]]]]]]]]]]', '{"user":{"name":""}}', '"\\u0000"', 'true']

/** A well-formed state vector claiming random clients at random, possibly huge, clocks. */
function oddStateVector(random: Random): Uint8Array {
  return build((encoder) => {
    const entries = random.int(0, 6)
    encoding.writeVarUint(encoder, entries)
    for (let entry = 0; entry < entries; entry++) {
      encoding.writeVarUint(encoder, random.int(0, 2 ** 32 - 1))
      encoding.writeVarUint(encoder, random.pick([0, 1, random.int(0, 1e6), 2 ** 53 - 1]))
    }
  })
}

/** A well-formed awareness update for random clients with odd but valid JSON states. */
function oddAwareness(random: Random): Uint8Array {
  return build((encoder) => {
    const entries = random.int(0, 4)
    encoding.writeVarUint(encoder, entries)
    for (let entry = 0; entry < entries; entry++) {
      encoding.writeVarUint(encoder, random.int(0, 2 ** 32 - 1))
      encoding.writeVarUint(encoder, random.pick([0, 1, random.int(0, 1e6), 2 ** 53 - 1]))
      encoding.writeVarString(encoder, random.next() < 0.1 ? JSON.stringify('y'.repeat(random.int(0, 2000))) : random.pick(ODD_JSON))
    }
  })
}

/** One random frame: mostly hostile, some well-formed so the server also applies real changes. */
export function fuzzFrame(random: Random, donor: DonorDoc): { kind: FrameKind; frame: Uint8Array } {
  const kind = random.pick(KINDS)
  switch (kind) {
    case 'random-bytes':
      return { kind, frame: random.bytes(random.int(0, 48)) }
    case 'truncated-varint': {
      const prefix = random.pick([[], [0], [0, 0], [0, 1], [0, 2], [1], [2, 0]])
      return { kind, frame: Uint8Array.from([...prefix, ...Array(random.int(1, 10)).fill(0xff)]) }
    }
    case 'huge-length': {
      const header = random.pick([[0, 0], [0, 1], [0, 2], [1], [2, 0]])
      const length = random.pick(HUGE_LENGTHS)
      return { kind, frame: build((encoder) => writeHeaded(encoder, [...header, length], random.bytes(random.int(0, 16)))) }
    }
    case 'unknown-type': {
      const type = random.pick([4, 5, 17, 127, 128, 300, 2 ** 31, 2 ** 40])
      return { kind, frame: build((encoder) => writeHeaded(encoder, [type], random.bytes(random.int(0, 8)))) }
    }
    case 'envelope-garbage': {
      // Sync step 1, step 2, update; awareness; auth: each wrapping a length-prefixed garbage payload.
      const header = random.pick([[0, 0], [0, 1], [0, 2], [1], [2, 0]])
      const garbage = random.bytes(random.int(0, 40))
      return { kind, frame: build((encoder) => writeHeaded(encoder, [...header, garbage.length], garbage)) }
    }
    case 'mutated-valid':
      return { kind, frame: mutate(random, donor.validFrame()) }
    case 'mutated-update': {
      const update = mutate(random, donor.pastUpdate())
      return { kind, frame: encodeMessage({ type: random.pick(['sync-update', 'sync-step-2'] as const), update }) }
    }
    case 'odd-state-vector':
      return { kind, frame: encodeMessage({ type: 'sync-step-1', stateVector: oddStateVector(random) }) }
    case 'odd-awareness':
      return { kind, frame: encodeMessage({ type: 'awareness', update: oddAwareness(random) }) }
    case 'valid':
      return { kind, frame: donor.validFrame() }
  }
}

import type * as Y from 'yjs'
import { send, syncAll } from './replicas'

/** Ways to bring three replicas together; all must end in the same state. */
export const SYNC_ORDERS: Record<string, (a: Y.Doc, b: Y.Doc, c: Y.Doc) => void> = {
  'a→b→c, then back': (a, b, c) => syncAll(a, b, c),
  'c→b→a, then back': (a, b, c) => syncAll(c, b, a),
  'b first to both, then a↔c, then c→b': (a, b, c) => {
    send(b, a)
    send(b, c)
    send(a, c)
    send(c, a)
    send(c, b)
  },
  'everyone pulls from everyone, newest first': (a, b, c) => {
    for (const to of [c, b, a]) for (const from of [a, b, c]) if (from !== to) send(from, to)
  },
}

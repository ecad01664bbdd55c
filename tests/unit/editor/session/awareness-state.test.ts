import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { MAX_AWARENESS_STATE_BYTES, awarenessStateSchema, checkAwarenessStateJSON, toSafeAwarenessState } from '../../../../editor/session/awareness-state'

const user = { id: 'c2b1f1e4-1b9a-4f3a-9a52-1e2f3a4b5c6d', name: 'Ada Lovelace', color: '#0072B2' }

/** What the app publishes: its identity and y-prosemirror's cursor (Y.RelativePosition objects). */
function realState() {
  const doc = new Y.Doc()
  doc.clientID = 4294967295
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText('x'.repeat(1000))
  paragraph.insert(0, [text])
  doc.getXmlFragment('prosemirror').insert(0, [paragraph])
  const anchor = Y.createRelativePositionFromTypeIndex(text, 999)
  const head = Y.createRelativePositionFromTypeIndex(doc.getXmlFragment('prosemirror'), 1)
  return { user: { ...user, name: 'n'.repeat(60) }, cursor: { anchor, head } }
}

describe('awareness state contract', () => {
  it('accepts what the app publishes, well under the size cap', () => {
    const json = JSON.stringify(realState())
    expect(new TextEncoder().encode(json).byteLength).toBeLessThan(MAX_AWARENESS_STATE_BYTES / 5)
    const check = checkAwarenessStateJSON(json)
    expect(check).toEqual({ ok: true, state: JSON.parse(json) })
  })

  it('accepts a bare state, a removal, a cleared cursor and a few fields of other tools', () => {
    expect(checkAwarenessStateJSON('{}')).toEqual({ ok: true, state: {} })
    expect(checkAwarenessStateJSON('null')).toEqual({ ok: true, state: null })
    expect(checkAwarenessStateJSON(JSON.stringify({ user, cursor: null }))).toEqual({ ok: true, state: { user, cursor: null } })
    const extra = { user, tool: { mode: 'draw' }, a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }
    expect(checkAwarenessStateJSON(JSON.stringify(extra))).toEqual({ ok: true, state: extra })
  })

  it.each([
    ['{"user":{"name":12345}}', 'user.name: Invalid input: expected string, received number'],
    ['{"user":{"name":"Ada","color":"red; background: url(x)"}}', 'user.color: color must be a #rrggbb hex colour'],
    ['{"user":{"name":"   ","color":"#000000"}}', 'user.name: name must not be empty'],
    [JSON.stringify({ user: { name: 'x'.repeat(61), color: '#000000' } }), 'user.name: name is longer than 60 characters'],
    ['{"cursor":{"anchor":5,"head":5}}', 'cursor.anchor: Invalid input: expected object, received number'],
    ['{"cursor":{"anchor":{},"head":{}}}', 'cursor.anchor: must name a type (type or tname) or an item'],
    ['{"cursor":{"anchor":{"tname":"meta"},"head":{"tname":"meta"}}}', 'cursor.anchor.tname: Invalid input: expected "prosemirror"'],
    ['{"cursor":{"anchor":{"item":{"client":-1,"clock":0}},"head":{"item":{"client":1,"clock":0}}}}', 'cursor.anchor.item.client: Too small: expected number to be >=0'],
    ['{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9}', 'has more than 8 fields besides user and cursor'],
    ['[1,2]', 'is not an object'],
    ['"hello"', 'is not an object'],
    ['{"user":', 'is not JSON'],
  ])('refuses %s: %s', (json, error) => {
    expect(checkAwarenessStateJSON(json)).toEqual({ ok: false, error })
  })

  it('refuses a state larger than the cap before parsing it', () => {
    const json = JSON.stringify({ user, blob: 'x'.repeat(100_000) })
    expect(checkAwarenessStateJSON(json)).toEqual({ ok: false, error: `is ${json.length} bytes (at most 4096)` })
    expect(checkAwarenessStateJSON(`{"a":"${'é'.repeat(2100)}"}`)).toEqual({ ok: false, error: 'is 4208 bytes (at most 4096)' })
  })

  it('keeps a __proto__ key from changing what the state reads as', () => {
    const check = checkAwarenessStateJSON('{"__proto__":{"user":{"name":"Forged","color":"#000000"}}}')
    expect(check.ok && check.state?.user).toBeUndefined()
  })

  it('is a zod schema the server and page share', () => {
    expect(awarenessStateSchema.safeParse({ user: { name: 12345 } }).success).toBe(false)
  })
})

describe('toSafeAwarenessState', () => {
  it('returns the state when valid, including the page’s own state with Y.RelativePosition objects', () => {
    const state = realState()
    expect(toSafeAwarenessState(state)).toEqual(JSON.parse(JSON.stringify(state)))
  })

  it.each([
    ['a number name', { user: { name: 12345 } }],
    ['a bad cursor', { user, cursor: { anchor: 'x' } }],
    ['an oversized state', { user, blob: 'x'.repeat(5000) }],
    [
      'a cycle',
      (() => {
        const cyclic: Record<string, unknown> = { user }
        cyclic.self = cyclic
        return cyclic
      })(),
    ],
    [
      'a throwing getter',
      Object.defineProperty({ user }, 'boom', {
        enumerable: true,
        get: () => {
          throw new Error('boom')
        },
      }),
    ],
    ['null', null],
    ['a string', 'user'],
    ['undefined', undefined],
  ])('returns null, without throwing, for %s', (_name, state) => {
    expect(toSafeAwarenessState(state)).toBeNull()
  })

  it('gives the same verdict for the same state object', () => {
    const state = { user }
    expect(toSafeAwarenessState(state)).toBe(toSafeAwarenessState(state))
  })
})

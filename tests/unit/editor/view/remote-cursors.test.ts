import { parseHTML } from 'linkedom'
import { EditorState, Plugin } from 'prosemirror-state'
import type { DecorationSet } from 'prosemirror-view'
import { createDecorations, defaultAwarenessStateFilter, ySyncPluginKey } from 'y-prosemirror'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { drawsRemoteCursor } from '../../../../editor/view/collab-plugins'
import { schema } from '../../../../editor/schema'
import { buildRemoteCursor, buildRemoteSelection } from '../../../../editor/view/cursor-widgets'

const alice = { name: 'Alice', color: '#0072B2' }

/**
 * A document with one paragraph "hello" and the sync-plugin state y-prosemirror's
 * `createDecorations` reads (the Y.Doc, its fragment, a non-empty binding mapping).
 */
function setup() {
  const ydoc = new Y.Doc()
  const fragment = ydoc.getXmlFragment('prosemirror')
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText('hello')
  paragraph.insert(0, [text])
  fragment.insert(0, [paragraph])
  const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('hello')])])
  const syncState = { doc: ydoc, type: fragment, binding: { mapping: new Map<unknown, unknown>([[paragraph, doc.firstChild]]) }, snapshot: null, prevSnapshot: null }
  const state = EditorState.create({ doc, plugins: [new Plugin({ key: ySyncPluginKey, state: { init: () => syncState, apply: (_tr, value) => value } })] })
  const position = (index: number) => Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index))
  const awareness = new Awareness(ydoc)
  return { ydoc, state, awareness, position }
}

function withState(awareness: Awareness, clientId: number, state: unknown): void {
  awareness.states.set(clientId, state as Record<string, unknown>)
  awareness.meta.set(clientId, { clock: 1, lastUpdated: 0 })
}

describe('remote cursors', () => {
  let awareness: Awareness | null = null
  afterEach(() => awareness?.destroy())

  it('draws only valid states of others, and never throws on malformed ones', () => {
    const world = setup()
    const { awareness: states } = world
    awareness = states
    const valid = { user: alice, cursor: { anchor: world.position(1), head: world.position(3) } }
    withState(states, 101, valid)
    withState(states, 102, { user: { name: 12345 }, cursor: { anchor: world.position(0), head: world.position(0) } })
    withState(states, 103, { user: alice, cursor: {} })
    withState(states, 104, { user: alice, cursor: { anchor: 5, head: 'x' } })
    withState(states, 105, { user: { name: 'Mallory', color: 'red; background-image: url(https://evil.example)' }, cursor: valid.cursor })
    withState(states, 106, 'not an object')

    // Unguarded (y-prosemirror's default filter), the malformed cursor of client 103 throws.
    expect(() => createDecorations(world.state, states, defaultAwarenessStateFilter, buildRemoteCursor, buildRemoteSelection)).toThrow(TypeError)

    const decorations = createDecorations(world.state, states, drawsRemoteCursor, buildRemoteCursor, buildRemoteSelection) as DecorationSet
    const drawn = decorations.find().map((decoration) => ({ from: decoration.from, to: decoration.to, spec: decoration.spec as { key?: string } }))
    expect(drawn).toEqual([
      { from: 2, to: 4, spec: { inclusiveEnd: true, inclusiveStart: false } },
      { from: 4, to: 4, spec: { key: '101', side: 10 } },
    ])
  })

  it('never draws the page’s own state', () => {
    expect(drawsRemoteCursor(7, 7, { user: alice })).toBe(false)
    expect(drawsRemoteCursor(7, 8, { user: alice })).toBe(true)
    expect(drawsRemoteCursor(7, 8, { user: { name: 12345 } })).toBe(false)
  })
})

describe('cursor widgets', () => {
  const globals = globalThis as { document?: unknown }
  beforeEach(() => {
    globals.document = parseHTML('<!doctype html><html><body></body></html>').document
  })
  afterEach(() => {
    delete globals.document
  })

  it('draws a valid user with their name and colour', () => {
    const caret = buildRemoteCursor(alice)
    expect(caret.getAttribute('data-user-name')).toBe('Alice')
    expect(caret.firstElementChild?.getAttribute('data-name')).toBe('Alice')
    expect(buildRemoteSelection({ ...alice, color: '#6A3D9A' })).toEqual({ style: 'background-color: #6A3D9A33', class: 'remote-selection' })
  })

  it('draws a user whose colour is an annotation type’s in a palette colour, never as a highlight would look', () => {
    expect(buildRemoteSelection(alice)).toEqual({ style: 'background-color: #007A5E33', class: 'remote-selection' })
    expect((buildRemoteCursor(alice).firstElementChild as HTMLElement).style.backgroundColor.toLowerCase()).toBe('#007a5e')
  })

  it.each([
    ['a number name', { name: 12345, color: '#0072B2' }],
    ['a colour that smuggles CSS', { name: 'Mallory', color: 'red; background-image: url(https://evil.example)' }],
    ['no user', undefined],
    ['a string', 'Mallory'],
  ])('draws %s as "Anonymous" in grey', (_name, user) => {
    const caret = buildRemoteCursor(user)
    expect(caret.getAttribute('data-user-name')).toBe('Anonymous')
    expect(caret.firstElementChild?.getAttribute('data-name')).toBe('Anonymous')
    expect(buildRemoteSelection(user)).toEqual({ style: 'background-color: #55555533', class: 'remote-selection' })
  })
})

import { parseHTML } from 'linkedom'
import { EditorState, TextSelection } from 'prosemirror-state'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { readPendingBrowserChanges } from '../../../../editor/plugins/dom-observer-internals'
import { schema } from '../../../../editor/schema'

// A DOM for prosemirror-view (linkedom), installed for these tests only.
const globals = ['window', 'document', 'navigator'] as const
let saved: Record<string, unknown> = {}
beforeEach(() => {
  const { window, document } = parseHTML('<!doctype html><html><body><div id="editor"></div></body></html>')
  saved = Object.fromEntries(globals.map((name) => [name, (globalThis as Record<string, unknown>)[name]]))
  Object.defineProperty(globalThis, 'window', { value: window, configurable: true, writable: true })
  Object.defineProperty(globalThis, 'document', { value: document, configurable: true, writable: true })
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'node', vendor: '' }, configurable: true, writable: true })
})
afterEach(() => {
  for (const name of globals) Object.defineProperty(globalThis, name, { value: saved[name], configurable: true, writable: true })
})

async function realView() {
  const { EditorView } = await import('prosemirror-view')
  const doc = schema.node('doc', null, [schema.node('paragraph', null, [schema.text('The meeting')])])
  const state = EditorState.create({ schema, doc, selection: TextSelection.create(doc, 1) })
  return new EditorView(document.getElementById('editor'), { state })
}

describe('readPendingBrowserChanges (prosemirror-view internals)', () => {
  it('calls the flush of a real EditorView’s DOM observer (fails when an upgrade renames either)', async () => {
    const view = await realView()
    const observer = (view as unknown as { domObserver: { flush: () => void } }).domObserver
    expect(typeof observer.flush).toBe('function')
    const flush = vi.spyOn(observer, 'flush')
    readPendingBrowserChanges(view)
    expect(flush).toHaveBeenCalledTimes(1)
    view.destroy()
  })
})

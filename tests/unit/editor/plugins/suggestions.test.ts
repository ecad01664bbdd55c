import { Fragment, Slice, type Node as PMNode } from 'prosemirror-model'
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import { splitBlock } from 'prosemirror-commands'
import { DecorationSet } from 'prosemirror-view'
import { describe, expect, it } from 'vitest'
import { ySyncPluginKey, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import * as Y from 'yjs'
import { acceptAllSuggestions, acceptSuggestion, isSuggesting, rejectAllSuggestions, rejectSuggestion, setSuggesting } from '../../../../editor/commands/suggestions'
import type { Person } from '../../../../editor/model/annotation'
import { SUGGESTIONS_MAP } from '../../../../editor/model/doc-layout'
import { recordSuggestionAuthors, UNKNOWN_SUGGESTER } from '../../../../editor/model/suggestion-authors'
import { acceptedText, collectSuggestions } from '../../../../editor/model/suggestions'
import { takeSnapshot } from '../../../../editor/export/index'
import { importHtml } from '../../../../editor/import/html'
import { nodeHtmlParser } from '../../../../editor/import/node-html-parser'
import { suggestingTransaction, suggestionIdsAdded } from '../../../../editor/plugins/suggesting'
import { getSuggestions, suggestionsPlugins } from '../../../../editor/plugins/suggestions-plugin'
import { annotationPlugin, getAnnotationState } from '../../../../editor/plugins/annotation-plugin'
import { tagWords } from '../export/support/tag-text'
import { schema } from '../../../../editor/schema'
import { USER_COLORS } from '../../../../editor/user/identity'
import { dispatchCollabTransaction } from '../../../../editor/view/create-editor-view'
import { HeadlessEditor, relay, replicasOf } from '../view/support/headless-editor'

const ADA: Person = { id: 'ada-id', name: 'Ada' }
const BEA: Person = { id: 'bea-id', name: 'Bea' }

/** A headless editor that dispatches as createCollabEditorView does: suggesting, then recording the author. */
class Editor extends HeadlessEditor {
  constructor(
    ydoc: Y.Doc,
    private readonly person: Person,
  ) {
    super(ydoc, [annotationPlugin({ ydoc, getUser: () => person }), ...suggestionsPlugins({ ydoc })])
  }

  override dispatch(tr: Transaction): void {
    const applied = suggestingTransaction(tr, this.state)
    if (!applied) return
    super.dispatch(applied)
    if (applied !== tr) recordSuggestionAuthors(this.ydoc, suggestionIdsAdded(applied), this.person, this.person === ADA ? '#6A3D9A' : undefined)
  }

  run(command: (state: Editor['state'], dispatch: (tr: Transaction) => void) => boolean): boolean {
    return command(this.state, (tr) => this.dispatch(tr))
  }

  /** The position just after the first occurrence of `needle` in the text. */
  after(needle: string): number {
    return this.find(needle) + needle.length
  }

  find(needle: string): number {
    let found = -1
    this.state.doc.descendants((node, pos) => {
      if (found >= 0 || !node.isText) return found < 0
      const index = node.text!.indexOf(needle)
      if (index >= 0) found = pos + index
      return false
    })
    if (found < 0) throw new Error(`${needle} not found`)
    return found
  }

  /** Deletes `needle` as a Backspace over a selection does. */
  deleteWords(needle: string): void {
    const from = this.find(needle)
    this.dispatch(this.state.tr.delete(from, from + needle.length))
  }
}

/** A new Y.Doc holding what `ydoc` holds. */
function replicaOf(ydoc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc))
  return copy
}

const paragraphs = (...texts: string[]): PMNode =>
  schema.node(
    'doc',
    null,
    texts.map((text) => schema.node('paragraph', null, [schema.text(text)])),
  )

/** The document as text, suggestions shown: [+inserted+] and [-deleted-]. */
function marked(doc: PMNode): string {
  const blocks: string[] = []
  doc.forEach((block) => {
    let text = ''
    block.forEach((node) => {
      const kind = node.marks.find((mark) => mark.type.name === 'insertion' || mark.type.name === 'deletion')?.type.name
      const content = (node.text ?? '').replace(/\u200B/g, '¶')
      text += kind === 'insertion' ? `[+${content}+]` : kind === 'deletion' ? `[-${content}-]` : content
    })
    blocks.push(text)
  })
  return blocks.join(' | ')
}

function pair(...texts: string[]) {
  const [adaDoc, beaDoc] = replicasOf(paragraphs(...texts), 2)
  const ada = new Editor(adaDoc, ADA)
  const bea = new Editor(beaDoc, BEA)
  const sync = () => {
    relay(adaDoc, beaDoc)
    relay(beaDoc, adaDoc)
  }
  return { ada, bea, sync }
}

describe('Suggesting mode, two replicas', () => {
  it('Ada suggests an insertion and a deletion; Bea sees both with Ada as their author; accepting one and rejecting the other leaves the same text everywhere', () => {
    const { ada, bea, sync } = pair('The quick brown fox jumps.')
    expect(ada.run(setSuggesting(true))).toBe(true)
    expect(isSuggesting(ada.state)).toBe(true)
    expect(isSuggesting(bea.state)).toBe(false)
    ada.select(ada.after('The '))
    for (const char of 'very ') ada.type(char)
    ada.deleteWords('brown ')
    expect(marked(ada.state.doc)).toBe('The [+very +]quick [-brown -]fox jumps.')
    sync()
    expect(marked(bea.state.doc)).toBe('The [+very +]quick [-brown -]fox jumps.')
    const listed = getSuggestions(bea.state)
    expect(listed.map(({ inserted, deleted, authorName }) => ({ inserted, deleted, authorName }))).toEqual([
      { inserted: 'very ', deleted: '', authorName: 'Ada' },
      { inserted: '', deleted: 'brown ', authorName: 'Ada' },
    ])
    expect(listed[0].author?.by).toEqual(ADA)
    // Ada's own colour; without one recorded, a palette colour from the author's id.
    expect(listed[0].color).toBe('#6A3D9A')
    // Ids are random strings, different for each suggestion, and typing on extends one suggestion.
    expect(listed[0].id).toMatch(/^s-[0-9a-f-]{36}$/)
    expect(listed[0].id).not.toBe(listed[1].id)

    expect(bea.run(acceptSuggestion(listed[0].id))).toBe(true)
    expect(bea.run(rejectSuggestion(listed[1].id))).toBe(true)
    expect(marked(bea.state.doc)).toBe('The very quick brown fox jumps.')
    sync()
    expect(marked(ada.state.doc)).toBe('The very quick brown fox jumps.')
    expect(getSuggestions(ada.state)).toEqual([])
    // Accepting what is no longer there does not apply.
    expect(bea.run(acceptSuggestion(listed[0].id))).toBe(false)
    expect(acceptAllSuggestions(bea)).toBe(false)
  })

  it('accept all keeps insertions and removes deletions; reject all restores the text as it was', () => {
    const { ada, bea, sync } = pair('One two three.', 'Four five.')
    ada.run(setSuggesting(true))
    ada.select(ada.after('One '))
    ada.type('and ')
    ada.deleteWords('five')
    sync()
    expect(acceptAllSuggestions(bea)).toBe(true)
    expect(marked(bea.state.doc)).toBe('One and two three. | Four .')

    const second = pair('One two three.', 'Four five.')
    second.ada.run(setSuggesting(true))
    second.ada.select(second.ada.after('One '))
    second.ada.type('and ')
    second.ada.deleteWords('five')
    second.ada.select(second.ada.after('three.'))
    second.ada.dispatch(second.ada.state.tr.split(second.ada.state.selection.from))
    second.sync()
    expect(rejectAllSuggestions(second.bea)).toBe(true)
    second.sync()
    expect(marked(second.ada.state.doc)).toBe('One two three. | Four five.')
  })

  it('a paragraph split while suggesting is a suggestion too; the accepted text keeps one paragraph', () => {
    const { ada, bea, sync } = pair('Second one')
    ada.run(setSuggesting(true))
    ada.dispatch(ada.state.tr.split(ada.after('Second')))
    sync()
    expect(marked(bea.state.doc)).toBe('Second[+¶+] | [+¶+] one')
    expect(getSuggestions(bea.state)).toMatchObject([{ inserted: '¶', deleted: '' }])
    expect(acceptedText(bea.state.doc).doc.textContent).toBe('Second one')
    expect(acceptedText(bea.state.doc).doc.childCount).toBe(1)
    bea.run(acceptSuggestion(getSuggestions(bea.state)[0].id))
    sync()
    expect(marked(ada.state.doc)).toBe('Second |  one')
  })

  it('a paste of several paragraphs is one suggestion that reaches everyone, whole paragraphs included (y-prosemirror keeps no block marks)', () => {
    const { ada, bea, sync } = pair('Before after.')
    ada.run(setSuggesting(true))
    const pasted = Fragment.from(['one', 'two', 'three'].map((text) => schema.node('paragraph', null, [schema.text(text)])))
    ada.dispatch(ada.state.tr.replace(ada.after('Before '), ada.after('Before '), new Slice(pasted, 1, 1)))
    sync()
    expect(marked(bea.state.doc)).toBe('Before [+one+] | [+two+] | [+three+]after.')
    expect(getSuggestions(bea.state)).toHaveLength(1)
    expect(acceptedText(bea.state.doc).doc.textContent).toBe('Before after.')
    // A fresh replica reads the same from Yjs alone (as after a reload).
    const fresh = new Editor(replicaOf(bea.ydoc), BEA)
    expect(marked(fresh.state.doc)).toBe(marked(bea.state.doc))
    expect(rejectAllSuggestions(bea)).toBe(true)
    sync()
    expect(marked(ada.state.doc)).toBe('Before after.')
  })

  it('changes that come from Yjs are never turned into suggestions, nor are accepts, rejects or history-less changes', () => {
    const { ada, bea, sync } = pair('Hello world')
    ada.run(setSuggesting(true))
    bea.select(bea.after('Hello'))
    bea.type('!')
    sync()
    // Bea was not suggesting: her edit arrives in Ada's suggesting editor as plain text.
    expect(marked(ada.state.doc)).toBe('Hello! world')
    const remote = ada.state.tr.insertText('x', 1).setMeta(ySyncPluginKey, { isChangeOrigin: true })
    expect(suggestingTransaction(remote, ada.state)).toBe(remote)
    const bookkeeping = ada.state.tr.insertText('x', 1).setMeta('addToHistory', false)
    expect(suggestingTransaction(bookkeeping, ada.state)).toBe(bookkeeping)
    // A block type change cannot be suggested: nothing is applied.
    const heading = ada.state.tr.setBlockType(1, 1, schema.nodes.heading, { level: 2 })
    expect(suggestingTransaction(heading, ada.state)).toBeNull()
  })

  it('concurrent edits: Bea types plain text while Ada suggests in the same paragraph; both replicas converge', () => {
    const { ada, bea, sync } = pair('Alpha beta gamma.')
    ada.run(setSuggesting(true))
    ada.deleteWords('beta')
    bea.select(bea.after('gamma'))
    bea.type(' delta')
    sync()
    expect(marked(ada.state.doc)).toBe('Alpha [-beta-] gamma delta.')
    expect(marked(bea.state.doc)).toBe(marked(ada.state.doc))
    acceptAllSuggestions(bea)
    sync()
    expect(marked(ada.state.doc)).toBe('Alpha gamma delta.')
  })

  it('each suggestion step is undone by its author only (Yjs undo manager)', () => {
    const { ada, bea, sync } = pair('The quick brown fox.')
    const undo = new Y.UndoManager(ada.ydoc.getXmlFragment('prosemirror'), { trackedOrigins: new Set([ySyncPluginKey]), captureTimeout: 0 })
    ada.run(setSuggesting(true))
    ada.select(ada.after('The '))
    ada.type('very ')
    undo.stopCapturing()
    ada.deleteWords('brown ')
    sync()
    bea.select(bea.after('fox'))
    bea.type('es')
    sync()
    undo.undo()
    expect(marked(ada.state.doc)).toBe('The [+very +]quick brown foxes.')
    undo.undo()
    expect(marked(ada.state.doc)).toBe('The quick brown foxes.')
    sync()
    expect(marked(bea.state.doc)).toBe('The quick brown foxes.')
  })
})

describe('annotations on suggested text', () => {
  const claimOf = (editor: Editor) => getAnnotationState(editor.state).annotations.find((annotation) => annotation.id === 'claim')!

  it('shows "deletion proposed" while a deletion of its words is pending, for the suggester and everyone else; a rejection changes nothing', () => {
    const { ada, bea, sync } = pair('The quick brown fox jumps.')
    tagWords(bea.ydoc, { needle: 'brown fox' }, { id: 'claim', type: 'claim', createdBy: BEA })
    sync()
    expect(claimOf(ada).deletionProposed).toBeUndefined()
    ada.run(setSuggesting(true))
    ada.deleteWords('brown ')
    expect(claimOf(ada)).toMatchObject({ status: 'attached', deletionProposed: true, text: 'brown fox' })
    sync()
    expect(claimOf(bea)).toMatchObject({ status: 'attached', deletionProposed: true, text: 'brown fox' })
    bea.run(rejectSuggestion(getSuggestions(bea.state)[0].id))
    expect(claimOf(bea).deletionProposed).toBeUndefined()
    sync()
    expect(claimOf(ada)).toMatchObject({ status: 'attached', text: 'brown fox' })
    expect(claimOf(ada).deletionProposed).toBeUndefined()
  })

  it('accepted, the deletion shrinks or detaches the annotation as any deletion does', () => {
    const { ada, bea, sync } = pair('The quick brown fox jumps.')
    tagWords(bea.ydoc, { needle: 'brown' }, { id: 'claim', type: 'claim', createdBy: BEA })
    sync()
    ada.run(setSuggesting(true))
    ada.deleteWords('brown ')
    sync()
    acceptAllSuggestions(bea)
    sync()
    expect(claimOf(ada)).toMatchObject({ status: 'detached' })
    expect(marked(ada.state.doc)).toBe('The quick fox jumps.')
  })
})

describe('hostile suggestions', () => {
  it('an author entry that does not validate reads as "someone"; a hostile name is only ever text', () => {
    const { ada, bea, sync } = pair('Hello world')
    ada.run(setSuggesting(true))
    ada.deleteWords('world')
    sync()
    const [{ id }] = getSuggestions(bea.state)
    const map = bea.ydoc.getMap(SUGGESTIONS_MAP)
    map.set(String(id), { by: { id: 'x', name: '<img src=x onerror=alert(1)>' }, at: '2026-12-05T10:00:00.000Z' })
    expect(getSuggestions(bea.state)[0].authorName).toBe('<img src=x onerror=alert(1)>')
    // A colour that is not #rrggbb is dropped (it would go into a style); the author is kept.
    map.set(String(id), { by: { id: 'x', name: 'Xi' }, at: '2026-12-05T10:00:00.000Z', color: 'red; background: url(https://evil.example/)' })
    expect(getSuggestions(bea.state)[0]).toMatchObject({ authorName: 'Xi', author: { by: { id: 'x', name: 'Xi' } } })
    expect(USER_COLORS).toContain(getSuggestions(bea.state)[0].color)
    // A highlight's colour is shown as a palette colour, as for presence.
    map.set(String(id), { by: { id: 'x', name: 'Xi' }, at: '2026-12-05T10:00:00.000Z', color: '#0072B2' })
    expect(USER_COLORS).toContain(getSuggestions(bea.state)[0].color)
    for (const bad of [{ by: 'Mallory' }, 42, null, { by: { id: '', name: 'x' }, at: 'yesterday' }, { by: { id: 'x', name: 'y'.repeat(101) }, at: '2026-12-05T10:00:00.000Z' }]) {
      map.set(String(id), bad)
      expect(getSuggestions(bea.state)[0]).toMatchObject({ author: null, authorName: UNKNOWN_SUGGESTER })
    }
    // The suggester's own entry was written once and is not rewritten by later keystrokes.
    ada.deleteWords('Hello')
    sync()
    expect(getSuggestions(bea.state).length).toBeGreaterThan(0)
  })

  /** A Y.Doc with one paragraph written by `write`, as a client that bypassed the app could. */
  function written(write: (text: Y.XmlText) => void): Y.Doc {
    const doc = new Y.Doc()
    const paragraph = new Y.XmlElement('paragraph')
    doc.getXmlFragment('prosemirror').insert(0, [paragraph])
    const text = new Y.XmlText()
    paragraph.insert(0, [text])
    write(text)
    return doc
  }

  it('marks with numeric, huge or markup ids are listed and can be accepted', () => {
    const doc = written((text) => {
      text.insert(0, 'plain ')
      text.insert(6, 'numbered ', { insertion: { id: 7 } })
      text.insert(15, 'markup ', { deletion: { id: '<script>alert(1)</script>' } })
      text.insert(22, 'long ', { insertion: { id: 'x'.repeat(5000) } })
    })
    const editor = new Editor(doc, ADA)
    const listed = getSuggestions(editor.state)
    expect(listed.map((suggestion) => [suggestion.id, suggestion.authorName])).toEqual([
      [7, UNKNOWN_SUGGESTER],
      ['<script>alert(1)</script>', UNKNOWN_SUGGESTER],
      ['x'.repeat(5000), UNKNOWN_SUGGESTER],
    ])
    expect(editor.run(acceptSuggestion(7))).toBe(true)
    expect(editor.run(rejectSuggestion('x'.repeat(5000)))).toBe(true)
    expect(editor.state.doc.textContent).not.toContain('long')
  })

  it('a mark whose id is neither a string nor a number never reaches the editor (y-prosemirror drops the block it cannot read)', () => {
    const doc = written((text) => text.insert(0, 'object', { insertion: { id: { evil: true } } }))
    const editor = new Editor(doc, ADA)
    expect(editor.state.doc.textContent).toBe('')
    expect(getSuggestions(editor.state)).toEqual([])
  })

  it('imported or pasted <ins>, <del> and modification markup is plain text: only Suggesting mode makes suggestions', () => {
    const html =
      '<p>Keep <ins data-id="1">inserted</ins> and <del data-id="&quot;x&quot;">deleted</del> <span data-type="modification" data-id="2">text</span> <del data-id="{">bad</del>.</p>'
    const doc = importHtml(html, nodeHtmlParser)
    expect(doc.textContent).toBe('Keep inserted and deleted text bad.')
    expect(collectSuggestions(doc)).toEqual([])
  })

  it('a modification mark written by another client does not stop an accept (it is dropped, never applied)', () => {
    const doc = written((text) => {
      text.insert(0, 'odd ', { modification: { id: 'm', type: 'bogus', attrName: null, previousValue: null, newValue: null } })
      text.insert(4, 'added', { insertion: { id: 'i' } })
    })
    const editor = new Editor(doc, ADA)
    expect(editor.run(acceptSuggestion('i'))).toBe(true)
    expect(marked(editor.state.doc)).toBe('odd added')
    expect(editor.state.doc.rangeHasMark(0, editor.state.doc.content.size, schema.marks.modification)).toBe(false)
  })
})

describe('Suggesting mode never changes the accepted text (seeded random edits)', () => {
  /** A small deterministic generator (a linear congruential one), so a failing seed can be replayed. */
  const generator = (seed: number) => {
    let state = seed
    return (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648
      return state % n
    }
  }
  const start = () =>
    schema.node('doc', null, [
      schema.node('heading', { level: 1 }, [schema.text('Title here')]),
      schema.node('paragraph', null, [schema.text('Alpha '), schema.text('bold', [schema.marks.strong.create()]), schema.text(' beta gamma.')]),
      schema.node('blockquote', null, [schema.node('paragraph', null, [schema.text('Quoted words here.')])]),
      schema.node('paragraph', null, [schema.text('Last one.')]),
    ])
  const plain = (doc: PMNode) => doc.textBetween(0, doc.content.size, '\n').replace(/\u200B/g, '')

  it.each(Array.from({ length: 80 }, (_, run) => run))(
    'run %i: deletions, typing and splits (Backspace over a split marker included) keep the accepted text; reject all gives it back',
    (run) => {
      const random = generator(run * 7919 + 1)
      const [ydoc] = replicasOf(start(), 1)
      const editor = new Editor(ydoc, ADA)
      const original = plain(editor.state.doc)
      editor.run(setSuggesting(true))
      const log: string[] = []
      for (let i = 0; i < 15; i++) {
        const size = editor.state.doc.content.size
        const a = 1 + random(size - 1)
        const b = Math.min(size - 1, a + random(12))
        // Runs 0-39 delete, type and split; runs 40-79 add a native Backspace.
        const op = random(run < 40 ? 3 : 4)
        log.push(`${op}:${a}-${b}`)
        const tr = editor.state.tr
        const selection = TextSelection.between(editor.state.doc.resolve(a), editor.state.doc.resolve(b))
        if (op === 0) tr.setSelection(selection).deleteSelection()
        else if (op === 1) tr.setSelection(selection).insertText('XY')
        else if (op === 2) tr.split(TextSelection.near(editor.state.doc.resolve(a)).from)
        else {
          // A native Backspace: the character before the caret, whatever it is.
          const caret = TextSelection.near(editor.state.doc.resolve(a)).from
          if (editor.state.doc.resolve(caret).parentOffset > 0) tr.delete(caret - 1, caret)
        }
        editor.dispatch(tr)
        editor.state.doc.check()
        expect(yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment('prosemirror'), schema).eq(editor.state.doc), `Yjs = ProseMirror after ${log.join(' ')}`).toBe(true)
        expect(plain(acceptedText(editor.state.doc).doc), `accepted text after ${log.join(' ')}`).toBe(original)
      }
      rejectAllSuggestions(editor)
      expect(plain(editor.state.doc), `reject all after ${log.join(' ')}`).toBe(original)
    },
  )
})

describe('zero-width markers', () => {
  it('two suggested Enters, then accept all: no zero-width space is left in the text or its export', () => {
    const [ydoc] = replicasOf(paragraphs('One.', 'Two.'), 1)
    const editor = new Editor(ydoc, ADA)
    editor.run(setSuggesting(true))
    editor.select(editor.after('One.'))
    editor.run(splitBlock)
    editor.run(splitBlock)
    expect(marked(editor.state.doc)).toBe('One.[+¶+] | [+¶¶+] | [+¶+] | Two.')
    expect(acceptAllSuggestions(editor)).toBe(true)
    expect(editor.state.doc.textContent).not.toContain('\u200B')
    expect(collectSuggestions(editor.state.doc)).toEqual([])
    expect(takeSnapshot('d', ydoc).text).not.toContain('\u200B')
    expect(editor.state.doc.childCount).toBe(4)
  })
})

describe('the collab editor view’s dispatch', () => {
  /** A headless editor that dispatches through the collab editor view’s own code, recording what it hands the app. */
  class CollabEditor extends HeadlessEditor {
    // Declared, not initialised: y-prosemirror dispatches from inside the constructor.
    declare handed: EditorState[]
    constructor(ydoc: Y.Doc) {
      super(ydoc, [annotationPlugin({ ydoc, getUser: () => ADA }), ...suggestionsPlugins({ ydoc })])
    }
    override dispatch(tr: Transaction): void {
      dispatchCollabTransaction(this, tr, { ydoc: this.ydoc }, { getUser: () => ADA, getColor: () => '#6A3D9A', onStateChange: (state) => (this.handed ??= []).push(state) })
    }
  }

  it('hands the app the state after the author of a new suggestion is recorded: the panel names them, not "someone"', () => {
    const [ydoc] = replicasOf(paragraphs('Hello.'), 1)
    const editor = new CollabEditor(ydoc)
    setSuggesting(true)(editor.state, (tr) => editor.dispatch(tr))
    editor.select(3)
    editor.type('X')
    expect(getSuggestions(editor.state)).toMatchObject([{ authorName: 'Ada' }])
    expect(getSuggestions(editor.handed.at(-1)!)).toMatchObject([{ authorName: 'Ada' }])
  })
})

describe('the list of suggestions, kept up to date without a rebuild on every keystroke', () => {
  it.each(Array.from({ length: 20 }, (_, run) => run))('run %i: after plain edits near and away from suggestions, it equals one built afresh', (run) => {
    let seed = run * 104729 + 7
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const { ada, bea, sync } = pair('The quick brown fox jumps.', 'Over the lazy dog.', 'Third one here.')
    ada.run(setSuggesting(true))
    ada.deleteWords('quick ')
    ada.select(ada.after('lazy'))
    ada.type('X')
    sync()
    for (let i = 0; i < 12; i++) {
      const size = bea.state.doc.content.size
      const a = 1 + random(size - 1)
      const b = Math.min(size - 1, a + random(4))
      const selection = TextSelection.between(bea.state.doc.resolve(a), bea.state.doc.resolve(b))
      bea.dispatch(random(2) === 0 ? bea.state.tr.setSelection(selection).deleteSelection() : bea.state.tr.setSelection(selection).insertText('ab'))
      const fresh = EditorState.create({ doc: bea.state.doc, plugins: bea.state.plugins })
      const ours = (state: EditorState) => state.plugins.find((plugin) => (plugin as unknown as { key: string }).key.startsWith('spanwise-suggestions'))!
      const ranges = (state: EditorState) =>
        (ours(state).props.decorations!.call(ours(state), state) as DecorationSet)
          .find()
          .map((decoration) => [decoration.from, decoration.to, decoration.spec, (decoration as unknown as { type: { attrs: object } }).type.attrs])
      expect(getSuggestions(bea.state)).toEqual(getSuggestions(fresh))
      expect(ranges(bea.state)).toEqual(ranges(fresh))
    }
  })
})

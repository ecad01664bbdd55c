import { expect, test, type Locator } from '@playwright/test'
import { createDocument, editorOf, expectConnected, highlightText, newPerson, openAsAdaAndBea, openDocument, placeCaret, saveScreenshot, selectText, tagText } from './support/app'
import { restartCollabServer } from './support/collab-process'

const SOURCE = 'Shared notes\n\nThe meeting was held in Moscow.\n\nA second paragraph stays as it is.'

async function paragraphTexts(editor: Locator) {
  return editor.locator('p').allTextContents()
}

test('two people type into the same paragraph at once and converge; cursors carry names', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Concurrent typing', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)

  await placeCaret(adaEditor, 0, 'start')
  await placeCaret(beaEditor, 0, 'end')
  await Promise.all([ada.page.keyboard.type('Ada wrote this. ', { delay: 15 }), bea.page.keyboard.type(' Bea added that.', { delay: 15 })])

  const expected = 'Ada wrote this. The meeting was held in Moscow. Bea added that.'
  await expect(adaEditor.locator('p').first()).toHaveText(expected)
  await expect(beaEditor.locator('p').first()).toHaveText(expected)
  expect(await paragraphTexts(adaEditor)).toEqual(await paragraphTexts(beaEditor))

  const beaCaretSeenByAda = ada.page.locator('.remote-caret[data-user-name="Bea"]')
  await expect(beaCaretSeenByAda).toBeVisible()
  await expect(beaCaretSeenByAda.locator('.remote-caret-label')).toHaveAttribute('data-name', 'Bea')
  expect(await beaCaretSeenByAda.locator('.remote-caret-label').evaluate((label) => getComputedStyle(label, '::after').content)).toBe('"Bea"')
  await expect(bea.page.locator('.remote-caret-label')).toHaveAttribute('data-name', 'Ada')
  await expect(bea.page.locator('.remote-caret-label')).toBeVisible()
  await expect(ada.page.getByTestId('presence-list')).toContainText('Bea')
  await saveScreenshot(ada.page, 'two-people-typing')
  await ada.context.close()
  await bea.context.close()
})

test('undo takes back only my own typing', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Undo per user', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)

  await placeCaret(adaEditor, 0, 'end')
  await ada.page.keyboard.type(' (Ada)')
  await expect(beaEditor.locator('p').first()).toHaveText('The meeting was held in Moscow. (Ada)')
  await placeCaret(beaEditor, 1, 'end')
  await bea.page.keyboard.type(' (Bea)')
  await expect(adaEditor.locator('p').nth(1)).toHaveText('A second paragraph stays as it is. (Bea)')

  await adaEditor.focus()
  await ada.page.keyboard.press('ControlOrMeta+z')
  await expect(adaEditor.locator('p').first()).toHaveText('The meeting was held in Moscow.')
  await expect(adaEditor.locator('p').nth(1)).toHaveText('A second paragraph stays as it is. (Bea)')
  await expect(beaEditor.locator('p').first()).toHaveText('The meeting was held in Moscow.')
  await ada.page.keyboard.press('ControlOrMeta+Shift+z')
  await expect(beaEditor.locator('p').first()).toHaveText('The meeting was held in Moscow. (Ada)')

  await placeCaret(adaEditor, 0, 'end')
  await ada.page.keyboard.press('Shift+Home')
  await ada.page.getByRole('button', { name: 'Bold' }).click()
  await expect(beaEditor.locator('p').first().locator('strong')).toHaveText('The meeting was held in Moscow. (Ada)')
  await ada.context.close()
  await bea.context.close()
})

test('undo takes back a word at a time, and a tagging as a step of its own, never a whole session', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Undo steps', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)
  const first = (editor: Locator) => editor.locator('p').first()

  await placeCaret(adaEditor, 0, 'end')
  await ada.page.keyboard.type(' The quick brown fox')
  await expect(first(beaEditor)).toHaveText('The meeting was held in Moscow. The quick brown fox')
  await ada.page.keyboard.press('ControlOrMeta+z')
  await expect(first(adaEditor)).toHaveText('The meeting was held in Moscow. The quick brown')
  await ada.page.keyboard.press('ControlOrMeta+z')
  await expect(first(adaEditor)).toHaveText('The meeting was held in Moscow. The quick')
  await expect(first(beaEditor)).toHaveText('The meeting was held in Moscow. The quick')

  // Tag words, then type: the first undo takes back the typing, the second the tagging only.
  await tagText(ada.page, 'held in Moscow', 'Event')
  await expect(bea.page.getByTestId('annotation-count')).toHaveText('1')
  await placeCaret(adaEditor, 0, 'end')
  await ada.page.keyboard.type(' jumps')
  await ada.page.keyboard.press('ControlOrMeta+z')
  await expect(first(adaEditor)).toHaveText('The meeting was held in Moscow. The quick')
  await expect(ada.page.getByTestId('annotation-count')).toHaveText('1')
  await ada.page.keyboard.press('ControlOrMeta+z')
  await expect(ada.page.getByTestId('annotation-count')).toHaveText('0')
  await expect(bea.page.getByTestId('annotation-count')).toHaveText('0')
  await expect(first(adaEditor)).toHaveText('The meeting was held in Moscow. The quick')
  await ada.context.close()
  await bea.context.close()
})

test('two people typing at the same spot each keep their words together, in both browsers', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Same spot', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)
  // Both carets at the end of the same paragraph, both typing at once, word after word.
  await placeCaret(adaEditor, 0, 'end')
  await placeCaret(beaEditor, 0, 'end')
  const adaWords = ' Ada types these words at the end.'
  const beaWords = ' Bea types hers at the very same spot.'
  await Promise.all([ada.page.keyboard.type(adaWords, { delay: 35 }), bea.page.keyboard.type(beaWords, { delay: 35 })])
  const first = (editor: Locator) => editor.locator('p').first()
  await expect(first(adaEditor)).toHaveText(/Moscow\./)
  await expect.poll(async () => (await first(adaEditor).textContent())?.length).toBe('The meeting was held in Moscow.'.length + adaWords.length + beaWords.length)
  await expect(first(beaEditor)).toHaveText((await first(adaEditor).textContent())!)
  const text = (await first(adaEditor).textContent())!
  expect(text.startsWith('The meeting was held in Moscow.')).toBe(true)
  expect(text).toContain(adaWords)
  expect(text).toContain(beaWords)
  // And each keeps typing where they are: after their own words.
  await ada.page.keyboard.type(' (A)')
  await bea.page.keyboard.type(' (B)')
  await expect(first(beaEditor)).toContainText(`${adaWords} (A)`)
  await expect(first(adaEditor)).toContainText(`${beaWords} (B)`)
  await saveScreenshot(ada.page, 'same-spot-typing')
  await ada.context.close()
  await bea.context.close()
})

/**
 * Moves the browser's caret to just after `needle` in `editor` while the editor does not hear of it,
 * as when a key is handled before the browser's selectionchange event (browsers run input events
 * first): returns a function that lets the editor hear of caret moves again.
 */
async function moveCaretUnheard(editor: Locator, needle: string): Promise<() => Promise<void>> {
  await editor.evaluate((root, wanted) => {
    const hold = (event: Event) => event.stopImmediatePropagation()
    window.addEventListener('selectionchange', hold, { capture: true })
    Object.assign(window, { releaseCaretNews: () => window.removeEventListener('selectionchange', hold, { capture: true }) })
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.indexOf(wanted)
      if (at < 0 || node.parentElement!.closest('[contenteditable="false"]')) continue
      window.getSelection()!.collapse(node, at + wanted.length)
      return
    }
    throw new Error(`moveCaretUnheard: ${JSON.stringify(wanted)} is not in one text of the editor`)
  }, needle)
  return async () => {
    await editor.page().evaluate(() => (window as unknown as { releaseCaretNews: () => void }).releaseCaretNews())
  }
}

test('a key pressed before the browser reports a caret move acts where the person sees the caret', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Caret news', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)
  const first = (editor: Locator) => editor.locator('p').first()

  // Enter splits the paragraph at the caret Bea sees, not where the editor last heard it was.
  await placeCaret(beaEditor, 0, 'start')
  let release = await moveCaretUnheard(beaEditor, 'The meeting')
  await bea.page.keyboard.press('Enter')
  await release()
  await expect(beaEditor.locator('p').nth(0)).toHaveText('The meeting')
  await expect(adaEditor.locator('p').nth(1)).toHaveText(' was held in Moscow.')
  await bea.page.keyboard.press('Backspace')
  await expect(first(adaEditor)).toHaveText('The meeting was held in Moscow.')

  // A space typed next to Ada's space is Bea's where Bea typed it: Ada, typing on after her own
  // space, stays after it, and Bea's words stay together.
  await placeCaret(adaEditor, 0, 'end')
  await ada.page.keyboard.type(' ')
  await expect(first(beaEditor)).toHaveText('The meeting was held in Moscow. ')
  await placeCaret(beaEditor, 0, 'start')
  release = await moveCaretUnheard(beaEditor, 'Moscow.')
  await bea.page.keyboard.type(' X')
  await release()
  await expect(first(adaEditor)).toHaveText('The meeting was held in Moscow. X ')
  await ada.page.keyboard.type('Y')
  for (const editor of [adaEditor, beaEditor]) await expect(first(editor)).toHaveText('The meeting was held in Moscow. X Y')
  await ada.context.close()
  await bea.context.close()
})

test('undoing the deletion of a tagged sentence brings its annotation back in both browsers', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Undo a deletion', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)
  const annotation = await tagText(ada.page, 'held in Moscow', 'Event')
  await expect(bea.page.getByTestId('annotation-count')).toHaveText('1')
  await selectText(ada.page, 'The meeting was held in Moscow.')
  await ada.page.keyboard.press('Backspace')
  for (const person of [ada, bea]) await expect(person.page.getByTestId('detached-list').locator(`[data-annotation-item="${annotation}"]`)).toBeVisible()
  await expect(beaEditor.locator('p').first()).toHaveText('')
  await ada.page.keyboard.press('ControlOrMeta+z')
  for (const [person, editor] of [
    [ada, adaEditor],
    [bea, beaEditor],
  ] as const) {
    await expect(editor.locator('p').first()).toHaveText('The meeting was held in Moscow.')
    await expect(person.page.getByTestId('detached-list')).toHaveCount(0)
    await expect.poll(() => highlightText(person.page, annotation)).toBe('held in Moscow')
  }
  // Redo deletes it again for both; undo brings it back again.
  await ada.page.keyboard.press('ControlOrMeta+Shift+z')
  await expect(bea.page.getByTestId('detached-list').locator(`[data-annotation-item="${annotation}"]`)).toBeVisible()
  await ada.page.keyboard.press('ControlOrMeta+z')
  await expect.poll(() => highlightText(bea.page, annotation)).toBe('held in Moscow')
  await ada.context.close()
  await bea.context.close()
})

test('redo brings text back after others have typed around it', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Redo across changes', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)
  const first = (editor: Locator) => editor.locator('p').first()
  await placeCaret(adaEditor, 0, 'end')
  await ada.page.keyboard.type(' Ada adds a sentence.')
  await expect(first(beaEditor)).toHaveText('The meeting was held in Moscow. Ada adds a sentence.')
  await ada.page.keyboard.press('ControlOrMeta+z')
  await expect(first(beaEditor)).toHaveText('The meeting was held in Moscow. Ada adds a')
  // Bea types before, after and in the next paragraph while Ada's words are undone.
  await placeCaret(beaEditor, 0, 'start')
  await bea.page.keyboard.type('Today: ')
  await placeCaret(beaEditor, 0, 'end')
  await bea.page.keyboard.type(' Bea was here.')
  await placeCaret(beaEditor, 1, 'end')
  await bea.page.keyboard.type(' More.')
  await expect(first(adaEditor)).toHaveText('Today: The meeting was held in Moscow. Ada adds a Bea was here.')
  await adaEditor.focus()
  await ada.page.keyboard.press('ControlOrMeta+Shift+z')
  // The word comes back where it was; Bea's words stay (Yjs puts the redone word next to hers).
  for (const editor of [adaEditor, beaEditor]) {
    await expect(first(editor)).toHaveText(/^Today: The meeting was held in Moscow\. Ada adds a( sentence\. Bea was here\.| Bea was here\. sentence\.)$/)
    await expect(editor.locator('p').nth(1)).toHaveText('A second paragraph stays as it is. More.')
  }
  await expect(first(beaEditor)).toHaveText((await first(adaEditor).textContent())!)
  // And undo takes it back out again, leaving Bea's words.
  await ada.page.keyboard.press('ControlOrMeta+z')
  await expect(first(beaEditor)).toHaveText('Today: The meeting was held in Moscow. Ada adds a Bea was here.')
  await ada.context.close()
  await bea.context.close()
})

test('a collab server restart loses nothing and typing after reconnection syncs', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Restart survival', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)

  await placeCaret(adaEditor, 0, 'end')
  await ada.page.keyboard.type(' Typed before the restart.')
  await expect(beaEditor.locator('p').first()).toHaveText('The meeting was held in Moscow. Typed before the restart.')

  await restartCollabServer()
  await expectConnected(ada.page, 20_000)
  await expectConnected(bea.page, 20_000)
  await expect(adaEditor.locator('p').first()).toHaveText('The meeting was held in Moscow. Typed before the restart.')

  const late = await newPerson(browser, 'Cyd', '#009E73')
  const lateEditor = await openDocument(late.page, id)
  await expect(lateEditor.locator('p').first()).toHaveText('The meeting was held in Moscow. Typed before the restart.')

  await placeCaret(beaEditor, 1, 'end')
  await bea.page.keyboard.type(' Typed after it.')
  await expect(adaEditor.locator('p').nth(1)).toHaveText('A second paragraph stays as it is. Typed after it.')
  await expect(lateEditor.locator('p').nth(1)).toHaveText('A second paragraph stays as it is. Typed after it.')
  for (const person of [ada, bea, late]) await person.context.close()
})

test('two people opening a brand-new document at the same moment see its content once', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Race to open', format: 'txt', source: SOURCE })
  const ada = await newPerson(browser, 'Ada', '#0072B2')
  const bea = await newPerson(browser, 'Bea', '#D55E00')
  await Promise.all([ada.page.goto(`/docs/${id}`), bea.page.goto(`/docs/${id}`)])
  await Promise.all([expectConnected(ada.page), expectConnected(bea.page)])
  for (const page of [ada.page, bea.page]) {
    const editor = editorOf(page)
    await expect(editor.locator('h1')).toHaveText(['Shared notes'])
    await expect(editor.locator('p')).toHaveText(['The meeting was held in Moscow.', 'A second paragraph stays as it is.'])
  }
  await ada.context.close()
  await bea.context.close()
})

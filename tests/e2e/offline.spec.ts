import { expect, test, type APIRequestContext, type Browser, type CDPSession, type Locator, type Page } from '@playwright/test'
import { createDocument, editorOf, expectConnected, newPerson, openAsAdaAndBea, openDocument, placeCaret, saveScreenshot, type Person } from './support/app'
import { restartCollabServer } from './support/collab-process'
import { E2E } from './support/e2e-env'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT } from '../../editor/model/doc-layout'
import Database from 'better-sqlite3'
import { join } from 'node:path'

const SOURCE = 'Field notes\n\nThe convoy left at dawn.\n\nA second paragraph stays as it is.'

/** A word no other test types, so finding it proves where it came from. */
const uniqueWord = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 8)}`

async function expectOffline(page: Page) {
  const badge = page.getByTestId('connection-status')
  await expect(badge).toHaveAttribute('data-status', 'offline')
  await expect(badge).toHaveText(/Offline — edits saved on this device/)
  await expect(page.getByTestId('connection-help')).toContainText('saved on this device')
}

/** Waits until the offline service worker has stored this page (see app/components/OfflineSupport.tsx). */
async function expectOfflineReady(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-offline-ready', 'true', { timeout: 15_000 })
}

/** The document's content as the collab server stores it (GET /api/docs/<id>/state), as XML text. */
async function serverText(id: string): Promise<string> {
  const response = await fetch(`${E2E.collabHttpUrl}/api/docs/${id}/state`)
  expect(response.ok, `GET /api/docs/${id}/state answered ${response.status}`).toBe(true)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()))
  return doc.getXmlFragment(CONTENT_FRAGMENT).toString()
}

/** Ada and Bea on a new document; the page is ready for offline use and Ada's browser is offline. */
async function adaOfflineWithBea(browser: Browser, request: APIRequestContext, title: string) {
  const id = await createDocument(request, { title, format: 'txt', source: SOURCE })
  const people = await openAsAdaAndBea(browser, id)
  await expectOfflineReady(people.ada.page)
  await people.ada.context.setOffline(true)
  await expectOffline(people.ada.page)
  return { id, ...people }
}

/**
 * Ada (offline) reloads: her page still shows `word` at the end of the first paragraph; back
 * online, it reaches Bea. Closes both browsers.
 */
/**
 * Reloads a page whose browser context is offline. Chromium keeps the network offline through the
 * reload, but the new document may be told it is online (navigator.onLine, as of Chromium 150): it
 * is told again that it is offline, as a browser that really is offline tells every page.
 */
async function reloadOffline(page: Page) {
  const response = await page.reload()
  const devtools = await page.context().newCDPSession(page)
  // The session stays open until backOnline: detaching it lifts what it set.
  await devtools.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
  reloadedOffline.set(page, devtools)
  return response
}
const reloadedOffline = new WeakMap<Page, CDPSession>()

/** Puts `person`'s browser back online, with what {@link reloadOffline} set lifted. */
async function backOnline(person: Person) {
  await person.context.setOffline(false)
  await reloadedOffline.get(person.page)?.detach()
}

async function expectKeptThroughReload(people: { ada: Person; bea: Person; beaEditor: Locator }, word: string) {
  const { ada, bea, beaEditor } = people
  await reloadOffline(ada.page)
  await expectOffline(ada.page)
  await expect(editorOf(ada.page).locator('p').first()).toHaveText(`The convoy left at dawn. ${word}`)
  await backOnline(ada)
  await expectConnected(ada.page)
  await expect(beaEditor.locator('p').first()).toHaveText(`The convoy left at dawn. ${word}`)
  await ada.context.close()
  await bea.context.close()
}

async function typeAtEnd(editor: Locator, paragraph: number, text: string) {
  await placeCaret(editor, paragraph, 'end')
  await editor.page().keyboard.type(text)
}

test('a browser that goes offline keeps editing; its edits merge when it is back online', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Offline merge', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)
  const adaWord = uniqueWord('adaoffline')
  const beaWord = uniqueWord('beaonline')

  await ada.context.setOffline(true)
  await expectOffline(ada.page)
  await typeAtEnd(adaEditor, 0, ` ${adaWord}`)
  await typeAtEnd(beaEditor, 1, ` ${beaWord}`)
  await expect(adaEditor).toContainText(adaWord)
  await expect(beaEditor).toContainText(beaWord)
  await saveScreenshot(ada.page, 'offline-editing')
  // Bea's word reaches Ada's editor only through the server: not while Ada is offline.
  await expect(beaEditor).toContainText(beaWord)
  expect(await beaEditor.textContent()).not.toContain(adaWord)
  expect(await adaEditor.textContent()).not.toContain(beaWord)

  await ada.context.setOffline(false)
  await expectConnected(ada.page)
  for (const editor of [adaEditor, beaEditor]) {
    await expect(editor.locator('p').first()).toHaveText(`The convoy left at dawn. ${adaWord}`)
    await expect(editor.locator('p').nth(1)).toHaveText(`A second paragraph stays as it is. ${beaWord}`)
  }
  await ada.context.close()
  await bea.context.close()
})

test('a reload while offline shows the copy saved on this device; it syncs once back online', async ({ browser, request }) => {
  const { id, ada, bea, adaEditor, beaEditor } = await adaOfflineWithBea(browser, request, 'Offline reload')
  const word = uniqueWord('reloadoffline')
  await typeAtEnd(adaEditor, 0, ` ${word}`)
  await expect(adaEditor.locator('p').first()).toHaveText(`The convoy left at dawn. ${word}`)

  // Still offline: the page comes from the service worker's cache, the text from IndexedDB.
  const response = await reloadOffline(ada.page)
  expect(response?.fromServiceWorker(), 'the offline reload is answered by the service worker').toBe(true)
  await expectOffline(ada.page)
  await expect(editorOf(ada.page).locator('p').first()).toHaveText(`The convoy left at dawn. ${word}`)
  expect(await beaEditor.textContent()).not.toContain(word)
  expect(await serverText(id)).not.toContain(word)
  await saveScreenshot(ada.page, 'offline-reload')

  await backOnline(ada)
  await expectConnected(ada.page)
  await expect(beaEditor.locator('p').first()).toHaveText(`The convoy left at dawn. ${word}`)
  await expect.poll(() => serverText(id)).toContain(word)
  await ada.context.close()
  await bea.context.close()
})

/**
 * Holds a read-write transaction open on this document's IndexedDB copy, so y-indexeddb's writes
 * queue behind it and are still in flight when the page unloads (which aborts them).
 */
async function stallLocalCopy(page: Page, docId: string) {
  await page.evaluate(async (prefix) => {
    const names = (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith(prefix))
    if (names.length !== 1) throw new Error(`expected one local copy named ${prefix}…, found ${names.length}`)
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(names[0])
      open.onerror = () => reject(open.error ?? new Error('IndexedDB open failed'))
      open.onsuccess = () => {
        const store = open.result.transaction(['updates'], 'readwrite').objectStore('updates')
        const keepBusy = () => (store.count().onsuccess = keepBusy)
        keepBusy()
        resolve()
      }
    })
  }, `spanwise:${docId}:`)
}

test('keystrokes IndexedDB has not written when the page reloads are kept (pagehide saves them)', async ({ browser, request }) => {
  const { id, ada, bea, adaEditor, beaEditor } = await adaOfflineWithBea(browser, request, 'Offline unload')
  const word = uniqueWord('unsaved')
  await stallLocalCopy(ada.page, id)
  await typeAtEnd(adaEditor, 0, ` ${word}`)
  await expect(adaEditor.locator('p').first()).toHaveText(`The convoy left at dawn. ${word}`)
  await expectKeptThroughReload({ ada, bea, beaEditor }, word)
})

test('when IndexedDB fails a write, the page says edits are kept in this tab, and a reload still finds them', async ({ browser, request }) => {
  const { ada, bea, adaEditor, beaEditor } = await adaOfflineWithBea(browser, request, 'Failing local copy')
  // Every write to IndexedDB fails from now on (as when the disk or the quota is full).
  await ada.page.evaluate(() => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the wrapper calls it with .apply(this)
    const add = IDBObjectStore.prototype.add
    IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      const request = add.apply(this, args)
      this.transaction.abort()
      return request
    }
  })
  const word = uniqueWord('failedwrite')
  await typeAtEnd(adaEditor, 0, ` ${word}`)
  await expect(ada.page.getByTestId('connection-help')).toContainText('kept in this tab')
  await expect(ada.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'offline')
  await expect(ada.page.getByTestId('connection-status')).not.toContainText('saved on this device')
  await saveScreenshot(ada.page, 'offline-copy-failed')

  // What the page could not write went to localStorage when it unloaded.
  await expectKeptThroughReload({ ada, bea, beaEditor }, word)
})

test('when another tab deletes the local copy (after a refusal there), edits here still reach everyone', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Copy deleted elsewhere', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)
  await expectOfflineReady(ada.page)
  // What a refused tab does to the copy this page holds open: delete the database.
  const deleted = await ada.page.evaluate(async (prefix) => {
    const names = (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith(prefix))
    await Promise.all(
      names.map(
        (name) =>
          new Promise<void>((resolve, reject) => {
            const request = indexedDB.deleteDatabase(name)
            request.onsuccess = () => resolve()
            request.onerror = () => reject(request.error ?? new Error('IndexedDB delete failed'))
          }),
      ),
    )
    return names.length
  }, `spanwise:${id}:`)
  expect(deleted).toBe(1)

  const word = uniqueWord('afterdelete')
  await typeAtEnd(adaEditor, 0, ` ${word}`)
  await expect(beaEditor.locator('p').first()).toHaveText(`The convoy left at dawn. ${word}`)
  await expect.poll(() => serverText(id)).toContain(word)
  await ada.context.close()
  await bea.context.close()
})

test('a page left open while its document was deleted and created again is refused (4410), drops its copy and loads the new one', async ({ browser }) => {
  const id = uniqueWord('recreated')
  const create = async (source: string) => {
    const response = await fetch(`${E2E.collabHttpUrl}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, title: 'Created again', format: 'txt', source }),
    })
    expect(response.status, await response.clone().text()).toBe(201)
    return ((await response.json()) as { createdAt: string }).createdAt
  }
  const firstStamp = await create('Field notes\n\nThe first document of this id.')
  const ada = await newPerson(browser, 'Ada', '#0072B2')
  const adaEditor = await openDocument(ada.page, id)
  await expect(adaEditor.locator('p').first()).toHaveText('The first document of this id.')
  let loads = 0
  ada.page.on('load', () => loads++)

  // The document is deleted while the server is down (as by a wiped data directory) and created
  // again under the same id: Ada's page still holds the first one, in memory and in IndexedDB.
  // Ada is offline meanwhile, so that she does not reconnect between the restart and the
  // re-creation (and get 4404, "not found", for good).
  await ada.context.setOffline(true)
  await restartCollabServer((dataDir) => {
    const db = new Database(join(dataDir, 'spanwise.sqlite'))
    db.prepare('DELETE FROM updates WHERE doc_id = ?').run(id)
    db.prepare('DELETE FROM documents WHERE id = ?').run(id)
    db.close()
  })
  const secondStamp = await create('Field notes\n\nThe second document of this id.')
  expect(secondStamp).not.toBe(firstStamp)
  await ada.context.setOffline(false)

  // Refused on reconnection, the copy dropped, the page loaded again with the new stamp.
  await expect.poll(() => loads, { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
  await expectConnected(ada.page)
  await expect(editorOf(ada.page).locator('p')).toHaveText(['The second document of this id.'])
  const names = await ada.page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))
  expect(names).toContain(`spanwise:${id}:${secondStamp}:v2`)
  expect(names).not.toContain(`spanwise:${id}:${firstStamp}:v2`)

  // Nothing of the first document reached the second.
  const stored = await serverText(id)
  expect(stored).toContain('The second document of this id.')
  expect(stored).not.toContain('first document')
  await ada.context.close()
})

test('a collab server restart shows "server restarting", then recovers and syncs', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Restart notice', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)

  // Record every state the badge goes through, so a quick restart cannot hide the notice.
  await ada.page.evaluate(() => {
    const badge = document.querySelector('[data-testid="connection-status"]')!
    const seen: string[] = []
    ;(window as unknown as { badgeStates: string[] }).badgeStates = seen
    new MutationObserver(() => seen.push(`${badge.getAttribute('data-status')}:${badge.getAttribute('data-code') ?? ''}:${badge.textContent}`)).observe(badge, {
      attributes: true,
      childList: true,
      subtree: true,
      characterData: true,
    })
  })
  const restarted = restartCollabServer()
  const badge = ada.page.getByTestId('connection-status')
  await expect(badge).toHaveAttribute('data-code', '1012')
  await expect(badge).toHaveText(/Server restarting/)
  await expect(ada.page.getByTestId('connection-help')).toContainText('The server is restarting — your edits are kept')
  await saveScreenshot(ada.page, 'server-restarting')
  await restarted
  await expectConnected(ada.page, 20_000)
  await expectConnected(bea.page, 20_000)
  const seen = await ada.page.evaluate(() => (window as unknown as { badgeStates: string[] }).badgeStates)
  expect(seen).toContain('reconnecting:1012:Server restarting…. The server is restarting — your edits are kept and will sync when it is back.')
  expect(seen.at(-1)).toBe('connected::Connected')
  await expect(ada.page.getByTestId('connection-help')).toHaveCount(0)

  const word = uniqueWord('afterrestart')
  await typeAtEnd(adaEditor, 1, ` ${word}`)
  await expect(beaEditor.locator('p').nth(1)).toHaveText(`A second paragraph stays as it is. ${word}`)
  await expect.poll(() => serverText(id)).toContain(word)
  await ada.context.close()
  await bea.context.close()
})

test('opening a document deletes the local copy the release before data model 2 kept, and keeps its own under the v2 name', async ({ browser }) => {
  const id = uniqueWord('oldcopy')
  const response = await fetch(`${E2E.collabHttpUrl}/api/docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, title: 'Old copy', format: 'txt', source: 'Field notes\n\nA document an earlier release had open.' }),
  })
  expect(response.status, await response.clone().text()).toBe(201)
  const { createdAt } = (await response.json()) as { createdAt: string }
  const oldName = `spanwise:${id}:${createdAt}`
  const ada = await newPerson(browser, 'Ada', '#0072B2')
  // What the earlier release left in this browser: its IndexedDB copy and its unsaved-edits key.
  await ada.page.goto(`${E2E.appUrl}/`)
  await ada.page.evaluate(async (name) => {
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(name)
      open.onupgradeneeded = () => open.result.createObjectStore('updates', { autoIncrement: true })
      open.onsuccess = () => {
        open.result.close()
        resolve()
      }
      open.onerror = () => reject(open.error ?? new Error('IndexedDB open failed'))
    })
    localStorage.setItem(`${name}:unsaved`, 'AAA=')
  }, oldName)
  const editor = await openDocument(ada.page, id)
  await expect(editor.locator('p')).toHaveText(['A document an earlier release had open.'])
  await expect
    .poll(async () => ada.page.evaluate(async (prefix) => (await indexedDB.databases()).map((db) => db.name).filter((name) => name?.startsWith(prefix)), `spanwise:${id}:`))
    .toEqual([`${oldName}:v2`])
  expect(await ada.page.evaluate((name) => localStorage.getItem(`${name}:unsaved`), oldName)).toBeNull()
  await ada.context.close()
})

import { expect, test, type Page } from '@playwright/test'
import { WebSocket } from 'ws'
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { decodeMessage } from '../../collab-server/protocol'
import { createDocument, editorOf, openAsAdaAndBea, placeCaret, saveScreenshot } from './support/app'
import { E2E } from './support/e2e-env'
import { rawAwarenessFrame } from '../unit/collab-server/support/raw-awareness'

const SOURCE = 'Presence notes\n\nThe meeting was held in Moscow.\n\nA second paragraph stays as it is.'

/** A hostile raw client: a `ws` socket that speaks y-protocols by hand. */
interface Hostile {
  readonly ws: WebSocket
  /** Every awareness state the server sent it, by client id. */
  readonly seen: Awareness
  readonly closed: Promise<{ code: number; reason: string }>
}

async function connectHostile(docId: string): Promise<Hostile> {
  const ws = new WebSocket(`ws://127.0.0.1:${E2E.collabPort}/${docId}`)
  const seen = new Awareness(new Y.Doc())
  seen.setLocalState(null)
  ws.on('message', (data: Buffer) => {
    const decoded = decodeMessage(new Uint8Array(data))
    if (decoded.ok && decoded.message.type === 'awareness') applyAwarenessUpdate(seen, decoded.message.update, 'server')
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return { ws, seen, closed }
}

/** The names a page lists under "People here". */
function peopleListed(page: Page) {
  return page.getByTestId('presence-list').locator('.presence-name')
}

test('a hostile client cannot crash pages, forge or remove presence, or add fake people', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Presence under attack', format: 'txt', source: SOURCE })
  const { ada, bea, adaEditor, beaEditor } = await openAsAdaAndBea(browser, id)
  const pageErrors: string[] = []
  for (const page of [ada.page, bea.page]) page.on('pageerror', (error) => pageErrors.push(error.message))
  await expect(peopleListed(ada.page)).toHaveText(['Ada', 'Bea'])

  // A number as a name (the state that used to crash every page): refused with 4422.
  const numberName = await connectHostile(id)
  numberName.ws.send(rawAwarenessFrame([900, 1, '{"user":{"name":12345}}']))
  expect(await numberName.closed).toEqual({
    code: 4422,
    reason: 'malformed message: awareness state user.name: Invalid input: expected string, received number',
  })

  // Forge Ada's presence and remove it: dropped silently. Then 300 fake people: refused.
  const forger = await connectHostile(id)
  await expect.poll(() => [...forger.seen.getStates().values()].map((state) => (state.user as { name?: string } | undefined)?.name).sort()).toEqual(['Ada', 'Bea'])
  const adaId = [...forger.seen.getStates()].find(([, state]) => (state.user as { name?: string } | undefined)?.name === 'Ada')![0]
  forger.ws.send(rawAwarenessFrame([adaId, 1000, JSON.stringify({ user: { name: 'Ada (forged)', color: '#000000' } })]))
  forger.ws.send(rawAwarenessFrame([adaId, 1001, 'null']))
  const fake = JSON.stringify({ user: { name: 'Fake person', color: '#000000' } })
  forger.ws.send(rawAwarenessFrame(...Array.from({ length: 300 }, (_, index): [number, number, string] => [5000 + index, 1, fake])))
  expect(await forger.closed).toEqual({ code: 4422, reason: 'too many awareness client ids (at most 4 per connection)' })

  // A 100 KB state: refused.
  const huge = await connectHostile(id)
  huge.ws.send(rawAwarenessFrame([901, 1, JSON.stringify({ user: { name: 'Huge', color: '#000000' }, blob: 'x'.repeat(100_000) })]))
  expect((await huge.closed).code).toBe(4422)

  // The pages still list exactly the two real people and still sync typing both ways.
  await placeCaret(adaEditor, 0, 'end')
  await ada.page.keyboard.type(' Still typing after the attack.')
  await expect(beaEditor.locator('p').first()).toHaveText('The meeting was held in Moscow. Still typing after the attack.')
  await placeCaret(beaEditor, 1, 'end')
  await bea.page.keyboard.type(' Bea too.')
  await expect(editorOf(ada.page).locator('p').nth(1)).toHaveText('A second paragraph stays as it is. Bea too.')
  const listed: Array<[Page, string[]]> = [
    [ada.page, ['Ada', 'Bea']],
    [bea.page, ['Bea', 'Ada']],
  ]
  for (const [page, names] of listed) {
    await expect(peopleListed(page)).toHaveText(names)
    await expect(page.locator('.presence-avatars .avatar')).toHaveCount(2)
    await expect(page.getByText('Fake person')).toHaveCount(0)
    await expect(page.getByText('Ada (forged)')).toHaveCount(0)
  }
  await expect(ada.page.locator('.remote-caret[data-user-name="Bea"]')).toBeVisible()
  expect(pageErrors).toEqual([])
  await saveScreenshot(bea.page, 'security-awareness-after-attack')
  for (const hostile of [numberName, forger, huge]) hostile.seen.destroy()
  await ada.context.close()
  await bea.context.close()
})

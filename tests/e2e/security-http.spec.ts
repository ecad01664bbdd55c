import { expect, test } from '@playwright/test'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { dripUntilAnswered, openPost, type OpenRequest } from '../integration/support/raw-http'
import { startAuthStack, type AuthStack } from './support/auth-stack'
import { editorOf, expectConnected, newPerson, saveScreenshot } from './support/app'

// The app's own routes against a real `next start` and an AUTH=on collab server, spoken to over
// Node's `http` module so a body can be sent slowly, never finished, or only promised.

const DOC = 'israel-russia-part-2'
const FOUR_HUNDRED_MB = String(400 * 1024 * 1024)
const IMPORT_CAP = 16 * 1024 * 1024
const IMPORT_TOO_LARGE = 'request body is larger than 16777216 bytes (16 MiB)'
const SHARE_TOO_LARGE = 'request body is larger than 16384 bytes (16 KiB)'
// The start of a create request that is never finished: not JSON until its last byte.
const UNFINISHED_IMPORT = '{"title":"Never finished","format":"txt","source":"'

let stack: AuthStack
let admin: string
const open: OpenRequest[] = []

test.beforeAll(async () => {
  stack = await startAuthStack()
  admin = await signAdminToken(stack.secret)
})

test.afterEach(() => {
  for (const request of open.splice(0)) request.destroy()
})

test.afterAll(async () => {
  await stack?.stop()
})

function post(path: string, headers: Record<string, string>): OpenRequest {
  const request = openPost(`${stack.appUrl}${path}`, headers)
  open.push(request)
  return request
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

test('POST /api/docs without a token is refused before its body is read', async () => {
  // Only the headers: the 401 needs none of the 400 MB they promise.
  const promised = post('/api/docs', { 'content-length': FOUR_HUNDRED_MB })
  const refused = await promised.answer
  expect(promised.bytesWritten).toBe(0)
  expect([refused.status, refused.body, refused.headers.connection]).toEqual([401, { error: 'missing token' }, 'close'])
  await promised.closed

  // A body streamed slowly and never finished: it is not JSON, so reading it could only end in a 400, or never.
  const streamed = post('/api/docs', {})
  await streamed.write(UNFINISHED_IMPORT)
  const answer = await dripUntilAnswered(streamed, 'x'.repeat(256), 50)
  expect(streamed.ended).toBe(false)
  expect([answer.status, answer.body, answer.headers.connection]).toEqual([401, { error: 'missing token' }, 'close'])
  await streamed.closed

  const forged = await signAdminToken('another-secret-that-is-long-enough-0123456789')
  const forgedRequest = post('/api/docs', { ...bearer(forged), 'content-length': FOUR_HUNDRED_MB })
  expect((await forgedRequest.answer).status).toBe(401)
  const editor = await signShareToken(stack.secret, { doc: DOC, role: 'editor' })
  const notAdmin = post('/api/docs', { ...bearer(editor), 'content-length': FOUR_HUNDRED_MB })
  expect((await notAdmin.answer).body).toEqual({ error: 'admin token required' })
})

test('POST /api/docs with an admin token: 400 MB declared is a 413 at once, a chunked body is cut at the cap', async () => {
  const declared = post('/api/docs', { ...bearer(admin), 'content-length': FOUR_HUNDRED_MB })
  const refused = await declared.answer
  expect(declared.bytesWritten).toBe(0)
  expect([refused.status, refused.body, refused.headers.connection]).toEqual([413, { error: IMPORT_TOO_LARGE }, 'close'])
  await declared.closed

  const chunked = post('/api/docs', bearer(admin))
  await chunked.write(UNFINISHED_IMPORT)
  const cut = await dripUntilAnswered(chunked, 'x'.repeat(64 * 1024), 1)
  expect(chunked.bytesWritten).toBeGreaterThan(IMPORT_CAP)
  expect(chunked.ended).toBe(false)
  expect([cut.status, cut.body, cut.headers.connection]).toEqual([413, { error: IMPORT_TOO_LARGE }, 'close'])
  await chunked.closed
})

test('POST /api/docs/{id}/share: token first, then a 16 KiB cap', async () => {
  const editor = await signShareToken(stack.secret, { doc: DOC, role: 'editor' })
  const viewer = await signShareToken(stack.secret, { doc: DOC, role: 'viewer' })
  const sharePath = `/api/docs/${DOC}/share`

  const anonymous = post(sharePath, { 'content-length': FOUR_HUNDRED_MB })
  expect([(await anonymous.answer).status, (await anonymous.answer).body]).toEqual([401, { error: 'missing token' }])
  expect(anonymous.bytesWritten).toBe(0)
  const asViewer = post(sharePath, { ...bearer(viewer), 'content-length': FOUR_HUNDRED_MB })
  expect([(await asViewer.answer).status, (await asViewer.answer).body]).toEqual([403, { error: 'editor token required' }])

  const declared = post(sharePath, { ...bearer(editor), 'content-length': FOUR_HUNDRED_MB })
  const refused = await declared.answer
  expect(declared.bytesWritten).toBe(0)
  expect([refused.status, refused.body, refused.headers.connection]).toEqual([413, { error: SHARE_TOO_LARGE }, 'close'])

  const chunked = post(sharePath, bearer(editor))
  await chunked.write('{"ttl":"7d","padding":"')
  const cut = await dripUntilAnswered(chunked, 'x'.repeat(1024), 5)
  expect(chunked.ended).toBe(false)
  expect([cut.status, cut.body, cut.headers.connection]).toEqual([413, { error: SHARE_TOO_LARGE }, 'close'])
  await chunked.closed

  const fine = post(sharePath, bearer(editor))
  fine.end(JSON.stringify({ roles: ['viewer'], ttl: '1h' }))
  const links = await fine.answer
  expect(links.status).toBe(200)
  expect(links.body).toEqual({ auth: true, links: [{ role: 'viewer', token: expect.any(String), expiresAt: expect.any(String) }] })

  const notJson = post(sharePath, bearer(editor))
  notJson.end('{"ttl": ')
  expect([(await notJson.answer).status, (await notJson.answer).body]).toEqual([400, { error: 'request body is not valid JSON' }])
})

test('a normal import still works, over HTTP and in the browser', async ({ browser }) => {
  const source = 'Import check\n\nA “quoted” line – with Erdoğan.\n\nשלום, a second paragraph.'
  // Chunked, in three pieces: a streamed body under the cap is read whole and forwarded.
  const body = JSON.stringify({ title: 'Import check', format: 'txt', source })
  const request = post('/api/docs', bearer(admin))
  await request.write(body.slice(0, 20))
  await request.write(body.slice(20, 60))
  request.end(body.slice(60))
  const created = await request.answer
  expect(created.status).toBe(201)
  const { id, token } = created.body as { id: string; token: string }
  expect(id).toMatch(/^import-check-[a-z0-9]+$/)

  const invalid = post('/api/docs', bearer(admin))
  invalid.end(JSON.stringify({ title: ' ', format: 'txt' }))
  expect([(await invalid.answer).status, (await invalid.answer).body]).toEqual([400, { error: 'title: title must not be empty' }])

  const person = await newPerson(browser, 'Ida', '#0072B2')
  await person.page.goto(`${stack.appUrl}/docs/${id}?token=${token}`)
  await expectConnected(person.page)
  await expect(editorOf(person.page).locator('h1')).toHaveText('Import check')
  await expect(editorOf(person.page).locator('p')).toHaveText(['A “quoted” line – with Erdoğan.', 'שלום, a second paragraph.'])
  await saveScreenshot(person.page, 'security-http-import')
  await person.context.close()
})

test('a file over the import cap, imported from the documents page, is refused with the limit named', async ({ browser }) => {
  const person = await newPerson(browser, 'Ida', '#0072B2')
  await person.page.goto(`${stack.appUrl}/?token=${admin}`)
  await person.page.getByLabel('Import a .txt, .md or .html file').setInputFiles({
    name: 'too-large.txt',
    mimeType: 'text/plain',
    buffer: Buffer.alloc(IMPORT_CAP + 1024, 'a'),
  })
  await expect(person.page.locator('.new-document').getByRole('alert')).toHaveText(IMPORT_TOO_LARGE)
  await saveScreenshot(person.page, 'security-http-import-too-large')
  await person.context.close()
})

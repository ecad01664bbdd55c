import { expect, test } from '@playwright/test'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { shareLink, startAuthStack, type AuthStack } from './support/auth-stack'
import { editorOf, expectConnected, newPerson, placeCaret, selectText } from './support/app'

const DOC = 'israel-russia-part-2'
const FIRST = 'The relationship between Israel and Russia saw little improvement'

let stack: AuthStack

test.beforeAll(async () => {
  stack = await startAuthStack()
})

test.afterAll(async () => {
  await stack?.stop()
})

const link = (role: 'editor' | 'annotator' | 'viewer', doc = DOC) => shareLink(stack, doc, role)

test('with AUTH=on the list needs the admin link, and a share link needs a valid token', async ({ browser }) => {
  const person = await newPerson(browser, 'Ada', '#0072B2')
  await person.page.goto(`${stack.appUrl}/`)
  await expect(person.page.locator('.documents-list').getByRole('alert')).toContainText('This server requires an admin link to list documents')
  await person.page.goto(`${stack.appUrl}/?token=${await signAdminToken(stack.secret)}`)
  await expect(person.page.locator(`a[data-doc-id="${DOC}"]`)).toBeVisible()

  await person.page.goto(`${stack.appUrl}/docs/${DOC}`)
  await expect(person.page.getByTestId('access-refused')).toBeVisible()
  const forged = await signShareToken('another-secret-that-is-long-enough-0123456789', { doc: DOC, role: 'editor' })
  await person.page.goto(`${stack.appUrl}/docs/${DOC}?token=${forged}`)
  await expect(person.page.getByTestId('access-refused')).toBeVisible()
  const expired = await signShareToken(stack.secret, { doc: DOC, role: 'editor', ttl: '1m', now: new Date(Date.now() - 3_600_000) })
  await person.page.goto(`${stack.appUrl}/docs/${DOC}?token=${expired}`)
  await expect(person.page.getByTestId('access-refused')).toContainText('expired')
  await person.context.close()
})

test('an annotator cannot change the text but can annotate; an editor sees the annotation; a viewer has no tools', async ({ browser }) => {
  const editor = await newPerson(browser, 'Eda', '#0072B2')
  const annotator = await newPerson(browser, 'Ann', '#D55E00')
  const viewer = await newPerson(browser, 'Vic', '#009E73')
  await editor.page.goto(await link('editor'))
  await annotator.page.goto(await link('annotator'))
  await viewer.page.goto(await link('viewer'))
  for (const person of [editor, annotator, viewer]) await expectConnected(person.page)
  await expect(annotator.page.getByTestId('role-badge')).toHaveText('Annotator')
  await expect(viewer.page.getByTestId('role-badge')).toHaveText('Viewer')

  const paragraph = (page: typeof editor.page) => editorOf(page).locator('p', { hasText: FIRST })
  const before = await paragraph(annotator.page).textContent()
  await placeCaret(editorOf(annotator.page), 2, 'end')
  await annotator.page.keyboard.type(' typed by an annotator')

  await selectText(annotator.page, 'saw little improvement')
  await annotator.page.getByTestId('tag-bar').getByRole('button', { name: 'Claim', exact: true }).click()
  await expect(editor.page.locator('[data-annotation-type="claim"]')).toHaveText('saw little improvement')
  // The annotation reached the editor after the typing (one client's changes arrive in order), so
  // typing that had gone through would be there by now.
  await expect(paragraph(annotator.page)).toHaveText(before!)
  await expect(paragraph(editor.page)).toHaveText(before!)
  await expect(viewer.page.locator('[data-annotation-type="claim"]')).toHaveText('saw little improvement')
  await expect(annotator.page.getByTestId('discarded-banner')).toHaveCount(0)

  await selectText(viewer.page, 'the fall of the Iron Curtain')
  await expect(viewer.page.getByTestId('tag-bar')).toHaveCount(0)
  await expect(viewer.page.getByRole('button', { name: 'Bold' })).toBeDisabled()
  await expect(editorOf(viewer.page)).toHaveAttribute('contenteditable', 'false')

  await placeCaret(editorOf(editor.page), 2, 'end')
  await editor.page.keyboard.type(' Edited by the editor.')
  await expect(paragraph(annotator.page)).toHaveText(`${before} Edited by the editor.`)
  for (const person of [editor, annotator, viewer]) await person.context.close()
})

test('an admin creates a document and becomes its editor; Share gives working links per role', async ({ browser }) => {
  const admin = await newPerson(browser, 'Adi', '#0072B2')
  await admin.page.goto(`${stack.appUrl}/?token=${await signAdminToken(stack.secret)}`)
  await admin.page.getByLabel('Title').fill('Shared brief')
  await admin.page.getByRole('button', { name: 'Create blank document' }).click()
  await expect(admin.page).toHaveURL(/\/docs\/shared-brief-[a-z0-9]+\?token=/)
  await expectConnected(admin.page)
  await expect(admin.page.getByTestId('role-badge')).toHaveCount(0)

  await admin.page.getByText('Share', { exact: true }).click()
  const dialog = admin.page.getByTestId('share-dialog')
  await expect(dialog.locator('[data-role-link]')).toHaveCount(3)
  const annotatorLink = await dialog.locator('[data-role-link="annotator"]').inputValue()
  expect(annotatorLink).toMatch(/\/docs\/shared-brief-[a-z0-9]+\?token=/)

  const guest = await newPerson(browser, 'Gus', '#D55E00')
  await guest.page.goto(annotatorLink)
  await expectConnected(guest.page)
  await expect(guest.page.getByTestId('role-badge')).toHaveText('Annotator')
  await expect(guest.page.getByText('Share', { exact: true })).toHaveCount(0)
  await expect(editorOf(guest.page).locator('h1')).toHaveText('Shared brief')
  await admin.context.close()
  await guest.context.close()
})

import { expect, test } from '@playwright/test'
import { signAdminToken } from '../../collab-server/auth/tokens'
import { startAuthStack, type AuthStack } from './support/auth-stack'
import { expectConnected, newPerson, saveScreenshot } from './support/app'

let stack: AuthStack

test.beforeAll(async () => {
  stack = await startAuthStack()
})

test.afterAll(async () => {
  await stack?.stop()
})

test('Revoke all links: earlier links stop working at once, the editor carries on with a new one', async ({ browser }) => {
  const owner = await newPerson(browser, 'Ora', '#0072B2')
  await owner.page.goto(`${stack.appUrl}/?token=${await signAdminToken(stack.secret)}`)
  await owner.page.getByLabel('Title').fill('Revocation drill')
  await owner.page.getByRole('button', { name: 'Create blank document' }).click()
  await expect(owner.page).toHaveURL(/\/docs\/revocation-drill-[a-z0-9]+\?token=/)
  await expectConnected(owner.page)
  const ownerUrl = owner.page.url()

  await owner.page.getByText('Share', { exact: true }).click()
  const dialog = owner.page.getByTestId('share-dialog')
  const viewerLink = dialog.locator('[data-role-link="viewer"]')
  await expect(viewerLink).toHaveValue(/\?token=/)
  const oldViewerLink = await viewerLink.inputValue()

  const guest = await newPerson(browser, 'Gil', '#D55E00')
  await guest.page.goto(oldViewerLink)
  await expectConnected(guest.page)

  await dialog.getByRole('button', { name: 'Revoke all links…' }).click()
  await expect(dialog).toContainText('Every link made so far stops working, yours included')
  await saveScreenshot(owner.page, 'revoke-confirm')
  await dialog.getByRole('button', { name: 'Revoke all links', exact: true }).click()

  await expect(dialog.getByRole('status')).toHaveText('Every earlier link was revoked and its people disconnected. The links below are new.')
  await expect(viewerLink).not.toHaveValue(oldViewerLink)
  await expect(viewerLink).toHaveValue(/\?token=/)
  // The owner's page moved to its fresh editor token and is connected with it.
  await expect(owner.page).not.toHaveURL(ownerUrl)
  await expect(owner.page).toHaveURL(/\/docs\/revocation-drill-[a-z0-9]+\?token=/)
  await expectConnected(owner.page)
  await saveScreenshot(owner.page, 'revoke-done')

  // The guest was disconnected and told why; the old link no longer opens the document.
  const guestStatus = guest.page.getByTestId('connection-status')
  await expect(guestStatus).toHaveAttribute('data-status', 'refused')
  await saveScreenshot(guest.page, 'revoke-guest-disconnected')
  await guest.page.goto(oldViewerLink)
  await expect(guest.page.getByTestId('access-refused')).toContainText('token revoked')

  // The new viewer link works.
  await guest.page.goto(await viewerLink.inputValue())
  await expectConnected(guest.page)
  await expect(guest.page.getByTestId('role-badge')).toHaveText('Viewer')

  // The owner's old address is revoked too; the one the page moved to is not.
  const stale = await browser.newPage()
  await stale.goto(ownerUrl)
  await expect(stale.getByTestId('access-refused')).toContainText('token revoked')
  await stale.close()
  await owner.context.close()
  await guest.context.close()
})

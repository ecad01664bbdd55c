import { expect, test, type Page } from '@playwright/test'
import { createDocument, newPerson, openDocument, saveScreenshot, tagText, type Person } from './support/app'

const people: Person[] = []

test.afterEach(async () => {
  for (const person of people.splice(0)) await person.context.close()
})

const detailOf = (page: Page) => page.getByTestId('annotation-detail')
const listItem = (page: Page, id: string) => page.locator(`[data-annotation-item="${id}"]`)

test('a claimant saved from a form opened before someone else’s verdict keeps that verdict and its reviewer for both', async ({ browser, request }) => {
  const source = 'Merging edits\n\nRussia is a reliable partner of Israel, the minister said on Tuesday.'
  const id = await createDocument(request, { title: 'Merging edits', format: 'txt', source })
  const alice = await newPerson(browser, 'Alice', '#0072B2')
  const bob = await newPerson(browser, 'Bob', '#D55E00')
  people.push(alice, bob)
  await openDocument(alice.page, id)
  await openDocument(bob.page, id)

  const claimId = await tagText(alice.page, 'Russia is a reliable partner', 'Claim')
  await expect(listItem(bob.page, claimId)).toBeVisible()

  // Bob opens the claim and types a claimant, but does not save yet.
  await listItem(bob.page, claimId).click()
  const bobsForm = detailOf(bob.page)
  await expect(bobsForm.getByLabel('Verdict')).toHaveValue('unreviewed')
  await bobsForm.getByLabel('Claimant').fill('The minister')

  // Meanwhile Alice gives her verdict and saves.
  const alicesForm = detailOf(alice.page)
  await alicesForm.getByLabel('Verdict').selectOption({ label: 'False' })
  await alicesForm.getByLabel('Rationale').fill('Several votes at the UN say otherwise.')
  await alicesForm.getByRole('button', { name: 'Save' }).click()
  await expect(alicesForm.getByRole('status')).toHaveText('Saved')

  // Bob's page has Alice's verdict; his unsaved form still shows what he opened and typed.
  await expect(listItem(bob.page, claimId).locator('.verdict-badge')).toHaveText('False')
  await expect(bobsForm.getByTestId('reviewer')).toContainText('False · Alice · ')
  await expect(bobsForm.getByLabel('Verdict')).toHaveValue('unreviewed')
  await expect(bobsForm.getByLabel('Claimant')).toHaveValue('The minister')

  await bobsForm.getByRole('button', { name: 'Save' }).click()
  await expect(bobsForm.getByRole('status')).toHaveText('Saved')

  for (const page of [alice.page, bob.page]) {
    const detail = detailOf(page)
    await expect(detail.getByLabel('Claimant')).toHaveValue('The minister')
    await expect(detail.getByLabel('Verdict')).toHaveValue('false')
    await expect(detail.getByLabel('Rationale')).toHaveValue('Several votes at the UN say otherwise.')
    await expect(detail.getByTestId('reviewer')).toContainText('False · Alice · ')
    await expect(listItem(page, claimId).locator('.verdict-badge')).toHaveText('False')
  }
  await saveScreenshot(bob.page, 'edit-form-merge')
})

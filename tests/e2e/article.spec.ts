import { expect, test } from '@playwright/test'
import { newPerson, openDocument, saveScreenshot } from './support/app'

test('the seed article reads like an article: title, section headings, paragraphs, RTL caption', async ({ browser }) => {
  const { context, page } = await newPerson(browser, 'Reader', '#D55E00')
  const editor = await openDocument(page, 'israel-russia-part-2')

  await expect(editor.locator('h1')).toHaveText(['Israel – Russia relations, Part II'])
  await expect(editor.locator('h2')).toHaveText([
    'Part II of a series',
    '1.Israel – Russia relations',
    '2."Israeli, Saudi, and Emirati Officials Privately Pushed for Trump to Strike a "Grand Bargain" with Putin"',
    '3. It all began with a meeting at Trump Tower in late September, 2016.',
    '4.Israel – Russia Relations',
    'Developments in the 2020s',
    'Coalition against Iran and Turkey',
  ])

  const caption = editor.locator('p').first()
  await expect(caption).toContainText('צילום: Sputnik Photo Agency')
  expect(await caption.evaluate((element) => element.matches(':dir(rtl)'))).toBe(true)
  const english = editor.locator('p', { hasText: 'The relationship between Israel and Russia' })
  expect(await english.evaluate((element) => element.matches(':dir(ltr)'))).toBe(true)
  await expect(editor).toContainText('“master class”')
  await expect(editor).toContainText('Recep Tayyip Erdoğan')

  const bodyFont = await editor.evaluate((element) => getComputedStyle(element).fontFamily)
  expect(bodyFont).toMatch(/serif/i)
  await saveScreenshot(page, 'seed-article')
  await saveScreenshot(page, 'seed-article-full', true)
  await context.close()
})

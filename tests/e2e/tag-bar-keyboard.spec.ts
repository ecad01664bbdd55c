import { expect, test } from '@playwright/test'
import { createDocument, newPerson, openDocument, saveScreenshot } from './support/app'

const PARAGRAPH = 'Putin met Erdoğan in Sochi.'

test('with the keyboard alone: Alt-F10 reaches the tag bar, arrows and Tab move in it, Escape returns, Enter tags', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Keyboard tagging', format: 'txt', source: `Keyboard tagging\n\n${PARAGRAPH}` })
  const { context, page } = await newPerson(browser, 'Kim', '#0072B2')
  const editor = await openDocument(page, id)
  const selectedText = () => page.evaluate(() => window.getSelection()?.toString())

  await editor.focus()
  await page.keyboard.press('ControlOrMeta+Home')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Shift+End')
  await expect.poll(selectedText).toBe(PARAGRAPH)
  const bar = page.getByTestId('tag-bar')
  const button = (name: string) => bar.getByRole('button', { name, exact: true })
  await expect(bar).toBeVisible()

  await page.keyboard.press('Alt+F10')
  await expect(button('Event')).toBeFocused()
  await saveScreenshot(page, 'tag-bar-keyboard-focus')
  for (const [key, name] of [
    ['ArrowRight', 'Quote'],
    ['ArrowRight', 'Claim'],
    ['ArrowRight', 'Event'],
    ['ArrowLeft', 'Claim'],
    ['Home', 'Event'],
    ['End', 'Claim'],
    ['Shift+Tab', 'Quote'],
    ['Tab', 'Claim'],
  ]) {
    await page.keyboard.press(key)
    await expect(button(name), `after ${key}`).toBeFocused()
  }

  await page.keyboard.press('Escape')
  await expect(editor).toBeFocused()
  await expect.poll(selectedText).toBe(PARAGRAPH)
  await expect(bar).toBeVisible()

  await page.keyboard.press('Alt+F10')
  await page.keyboard.press('ArrowRight')
  await expect(button('Quote')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('annotation-count')).toHaveText('1')
  await expect(page.getByTestId('annotation-detail').locator('.type-badge')).toHaveText('Quote')
  await expect(editor.locator('[data-annotation-type="quote"]')).toHaveText(PARAGRAPH)
  await expect(editor).toBeFocused()
  await context.close()
})

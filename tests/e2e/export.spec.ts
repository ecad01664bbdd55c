import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { EXPORT_FORMATS } from '../../editor/export/options'
import { createDocument, importFileWithReport, newPerson, openDocument, tagText } from './support/app'

const SOURCE = 'Export check\n\nIn 2011, Putin said: “Israel is special to us.” 😀 The visit took place in Sochi.'

const EXTENSIONS: Record<(typeof EXPORT_FORMATS)[number], string> = {
  json: 'json',
  w3c: 'w3c.jsonld',
  jsonl: 'jsonl',
  csv: 'csv',
  brat: 'zip',
  claimreview: 'claimreview.jsonld',
}

test('the Export menu downloads every format from the real app', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Export menu', format: 'txt', source: SOURCE })
  const ada = await newPerson(browser, 'Ada', '#0072B2')
  await openDocument(ada.page, id)
  await tagText(ada.page, 'took place in Sochi', 'Event')
  await tagText(ada.page, '“Israel is special to us.”', 'Quote')
  await tagText(ada.page, 'Israel is special', 'Claim')

  // No option label is cut off: each select is wide enough for its longest option, in its own font.
  await ada.page.getByText('Export', { exact: true }).click()
  const selects = ada.page.locator('.export-popover select')
  expect(await selects.count()).toBe(3)
  for (const select of await selects.all()) {
    const { longest, room } = await select.evaluate((element: HTMLSelectElement) => {
      const style = getComputedStyle(element)
      const context = document.createElement('canvas').getContext('2d')!
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
      const widths = [...element.options].map((option) => context.measureText(option.text).width)
      // The arrow takes about 20 px besides the padding.
      return { longest: Math.max(...widths), room: element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20 }
    })
    expect(longest).toBeLessThanOrEqual(room)
  }
  await ada.page.keyboard.press('Escape')

  for (const format of EXPORT_FORMATS) {
    await ada.page.getByText('Export', { exact: true }).click()
    await ada.page.getByLabel('Export format').selectOption(format)
    const [download] = await Promise.all([ada.page.waitForEvent('download'), ada.page.getByTestId('export-download').click()])
    expect(download.suggestedFilename()).toBe(`${id}.${EXTENSIONS[format]}`)
    const body = readFileSync(await download.path())
    expect(body.length).toBeGreaterThan(0)
    if (format === 'json') {
      const native = JSON.parse(body.toString('utf8'))
      expect(native.annotations.map((a: { type: string; exact: string }) => [a.type, a.exact])).toEqual([
        ['quote', '“Israel is special to us.”'],
        ['claim', 'Israel is special'],
        ['event', 'took place in Sochi'],
      ])
      for (const annotation of native.annotations) {
        expect(
          Array.from(native.text as string)
            .slice(annotation.start, annotation.end)
            .join(''),
        ).toBe(annotation.exact)
      }
    }
    if (format === 'brat') expect(body.subarray(0, 2).toString('latin1')).toBe('PK')
    // doccano counts UTF-16 units: the menu says so while jsonl is exported in code points.
    const hint = ada.page.getByTestId('doccano-offsets-hint')
    if (format === 'jsonl') {
      await expect(hint).toContainText('For doccano choose UTF-16 code units')
      await ada.page.getByLabel('Offset unit').selectOption('utf16')
      await expect(hint).toHaveCount(0)
      await ada.page.getByLabel('Offset unit').selectOption('codepoint')
    } else await expect(hint).toHaveCount(0)
    await ada.page.keyboard.press('Escape')
    await expect(ada.page.getByTestId('export-download')).toBeHidden()
  }
  await ada.context.close()
})

test('the export API names a bad option (400) and an unknown document (404)', async ({ request }) => {
  const id = await createDocument(request, { title: 'Export errors', format: 'txt', source: SOURCE })
  const badFormat = await request.get(`/api/docs/${id}/export?format=xml`)
  expect(badFormat.status()).toBe(400)
  expect(await badFormat.json()).toEqual({ error: 'format must be one of json, w3c, jsonl, csv, brat, claimreview' })
  const badType = await request.get(`/api/docs/${id}/export?format=json&type=event,rumour`)
  expect(badType.status()).toBe(400)
  expect((await badType.json()).error).toContain('unknown type "rumour"')
  const badUnit = await request.get(`/api/docs/${id}/export?format=json&offsets=bytes`)
  expect(badUnit.status()).toBe(400)
  expect(await badUnit.json()).toEqual({ error: 'offsets must be codepoint or utf16' })
  const badCsv = await request.get(`/api/docs/${id}/export?format=csv&csv=off`)
  expect([badCsv.status(), await badCsv.json()]).toEqual([400, { error: 'csv must be escape or raw' }])
  expect((await request.get(`/api/docs/${id}/export?format=csv&csv=raw`)).status()).toBe(200)
  const missing = await request.get('/api/docs/no-such-doc/export?format=json')
  expect(missing.status()).toBe(404)
  expect(await missing.json()).toEqual({ error: 'document "no-such-doc" not found' })
  const ok = await request.get(`/api/docs/${id}/export?format=json&offsets=utf16`)
  expect(ok.headers()['content-type']).toBe('application/json; charset=utf-8')
  expect(ok.headers()['content-disposition']).toBe(`attachment; filename="${id}.json"`)
  expect((await ok.json()).offsetUnit).toBe('utf16')
})

test('an exported file imports back through the UI with its annotations (json, W3C and the brat zip)', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Import round trip', format: 'txt', source: SOURCE })
  const ada = await newPerson(browser, 'Ada', '#0072B2')
  await openDocument(ada.page, id)
  await tagText(ada.page, 'took place in Sochi', 'Event')
  await tagText(ada.page, '“Israel is special to us.”', 'Quote')
  await expect(ada.page.getByTestId('annotation-count')).toHaveText('2')

  for (const [format, name, mimeType] of [
    ['json', 'round-trip.json', 'application/json'],
    ['w3c', 'round-trip.w3c.jsonld', 'application/ld+json'],
    ['brat', 'round-trip.zip', 'application/zip'],
  ] as const) {
    const exported = await request.get(`/api/docs/${id}/export?format=${format}`)
    expect(exported.status()).toBe(200)
    await ada.page.goto('/')
    await ada.page.getByLabel('Title').fill(`Reimported ${format}`)
    await ada.page.getByLabel('Import a .txt, .md or .html file').setInputFiles({ name, mimeType, buffer: await exported.body() })
    await expect(ada.page).toHaveURL(/\/docs\/reimported-/)
    await expect(ada.page.getByTestId('annotation-count')).toHaveText('2')
    await expect(ada.page.locator('[data-annotation-type="event"]')).toHaveText('took place in Sochi')
    await expect(ada.page.locator('[data-annotation-type="quote"]')).toHaveText('“Israel is special to us.”')
  }
  await ada.context.close()
})

test('an import whose quotes do not match shows the report before opening the document', async ({ browser }) => {
  const ada = await newPerson(browser, 'Ada', '#0072B2')
  await ada.page.goto('/')
  await importFileWithReport(ada.page)
  const report = ada.page.getByTestId('import-report')
  await expect(report).toContainText('Imported 1 annotation into “report”.')
  await expect(report).toContainText('“Erdoğan again”')
  await expect(report).toContainText('“words that are not there” — its quote "words that are not there" is not in the text')
  await report.getByRole('link', { name: 'Open the document' }).click()
  await expect(ada.page.getByTestId('annotation-count')).toHaveText('1')
  await expect(ada.page.locator('[data-annotation-type="event"]')).toHaveText('Erdoğan again')
  await ada.context.close()
})

import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { EXPORT_FORMATS } from '../../editor/export/options'
import { createDocument, newPerson, openDocument, tagText } from './support/app'

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

  for (const format of EXPORT_FORMATS) {
    await ada.page.getByText('Export', { exact: true }).click()
    await ada.page.getByLabel('Export format').selectOption(format)
    const [download] = await Promise.all([ada.page.waitForEvent('download'), ada.page.getByTestId('export-download').click()])
    expect(download.suggestedFilename()).toBe(`${id}.${EXTENSIONS[format]}`)
    const body = readFileSync((await download.path())!)
    expect(body.length).toBeGreaterThan(0)
    if (format === 'json') {
      const native = JSON.parse(body.toString('utf8'))
      expect(native.annotations.map((a: { type: string; exact: string }) => [a.type, a.exact])).toEqual([
        ['quote', '“Israel is special to us.”'],
        ['claim', 'Israel is special'],
        ['event', 'took place in Sochi'],
      ])
      for (const annotation of native.annotations) {
        expect(Array.from(native.text as string).slice(annotation.start, annotation.end).join('')).toBe(annotation.exact)
      }
    }
    if (format === 'brat') expect(body.subarray(0, 2).toString('latin1')).toBe('PK')
    await ada.page.keyboard.press('Escape')
    await ada.page.getByText('Export', { exact: true }).click()
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
  const missing = await request.get('/api/docs/no-such-doc/export?format=json')
  expect(missing.status()).toBe(404)
  expect(await missing.json()).toEqual({ error: 'document "no-such-doc" not found' })
  const ok = await request.get(`/api/docs/${id}/export?format=json&offsets=utf16`)
  expect(ok.headers()['content-type']).toBe('application/json; charset=utf-8')
  expect(ok.headers()['content-disposition']).toBe(`attachment; filename="${id}.json"`)
  expect((await ok.json()).offsetUnit).toBe('utf16')
})

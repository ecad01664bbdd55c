import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test'
import * as Y from 'yjs'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { CONTENT_FRAGMENT } from '../../editor/model/doc-layout'
import { connectClient, waitForSynced } from '../integration/support/yjs-client'
import { createDocument, editorOf, expectConnected, newPerson, saveScreenshot } from './support/app'
import { startAuthStack, type AuthStack } from './support/auth-stack'
import { E2E } from './support/e2e-env'

const SCRIPT_HREF = 'javascript:window.__pwned=1'
const PROTOCOL_RELATIVE_HREF = '//evil.example/phish'
const SAFE_HREF = 'https://example.org/archive'

/** The links of the planted paragraph as the editor shows them: only the safe one is an `<a>`. */
const EXPECTED_LINKS = [['the archive', SAFE_HREF]]

/** The planted links whose href the policy refuses: plain text, marked `data-unsafe-href`. */
const UNSAFE_LINK_TEXTS = ['the report', 'the mirror']

type Probe = Window & { __pwned?: unknown; __inlineRan?: unknown; __violations?: string[]; __followable?: string[] | null }

/** Records every CSP violation of the person's pages from their first script on, in `__violations`. */
async function recordViolations(context: BrowserContext) {
  await context.addInitScript(() => {
    const violations: string[] = []
    ;(window as Probe).__violations = violations
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.effectiveDirective} ${event.blockedURI}`))
  })
}

/**
 * Clicks `target` as a person would and resolves the hrefs of the hyperlinks (`a[href]`,
 * `area[href]`) on the click's event path: what the browser could follow.
 */
async function followableLinksOfClick(page: Page, target: Locator): Promise<string[] | null> {
  await page.evaluate(() => {
    ;(window as Probe).__followable = null
    document.addEventListener(
      'click',
      (event) => {
        const links = event.composedPath().filter((node): node is Element => node instanceof Element && node.matches('a[href], area[href]'))
        ;(window as Probe).__followable = links.map((link) => link.getAttribute('href')!)
      },
      { capture: true, once: true },
    )
  })
  await target.click()
  return page.evaluate(() => (window as Probe).__followable ?? null)
}

/** The CSP violations the page has seen so far. */
function violationsOf(page: Page) {
  return page.evaluate(() => (window as Probe).__violations)
}

/**
 * Writes a paragraph with a `javascript:` link, a protocol-relative link and a safe one into a
 * document the way a rogue Yjs client would (link marks are XmlText formatting attributes), and
 * waits until the collab server has stored it.
 */
async function plantLinks(wsUrl: string, docId: string, stateUrl: string, params: Record<string, string> = {}) {
  const client = connectClient(wsUrl, docId, params)
  try {
    await waitForSynced(client)
    const paragraph = new Y.XmlElement('paragraph')
    const text = new Y.XmlText()
    client.doc.transact(() => {
      paragraph.insert(0, [text])
      const fragment = client.doc.getXmlFragment(CONTENT_FRAGMENT)
      fragment.insert(fragment.length, [paragraph])
      // Plain runs get `{}`: without attributes Yjs would continue the link before them.
      text.insert(0, 'Read ', {})
      text.insert(text.length, 'the report', { link: { href: SCRIPT_HREF, title: null } })
      text.insert(text.length, ', ', {})
      text.insert(text.length, 'the mirror', { link: { href: PROTOCOL_RELATIVE_HREF, title: 'Mirror' } })
      text.insert(text.length, ' or ', {})
      text.insert(text.length, 'the archive', { link: { href: SAFE_HREF, title: null } })
      text.insert(text.length, '.', {})
    })
    await expect.poll(async () => storedContent(stateUrl)).toContain(SCRIPT_HREF)
  } finally {
    client.destroy()
  }
}

/** The stored document's content as XML, read from the collab server's state endpoint. */
async function storedContent(stateUrl: string): Promise<string> {
  const response = await fetch(stateUrl)
  if (!response.ok) return `HTTP ${response.status}`
  const doc = new Y.Doc()
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()))
  return doc.getXmlFragment(CONTENT_FRAGMENT).toString()
}

/** Text and href attribute of every `<a>` in the editor. */
function editorLinks(page: Page) {
  return editorOf(page)
    .locator('a')
    .evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]))
}

/** Runs `inject` in the page; resolves with what ran and which CSP directive, if any, blocked it. */
function injectAndWatch(page: Page, inject: 'inline-script' | 'javascript-link') {
  return page.evaluate((what) => {
    const probe = window as Probe
    return new Promise<{ ran: boolean; blockedBy: string | null }>((resolve) => {
      document.addEventListener('securitypolicyviolation', (event) => resolve({ ran: false, blockedBy: event.effectiveDirective }), { once: true })
      if (what === 'inline-script') {
        const script = document.createElement('script')
        script.textContent = 'window.__inlineRan = true'
        document.body.appendChild(script)
        // An inline script that is allowed runs as soon as it is inserted.
        if (probe.__inlineRan === true) resolve({ ran: true, blockedBy: null })
      } else {
        // A javascript: URL that is allowed runs in a task of its own: its assignment reports it.
        Object.defineProperty(probe, '__pwned', {
          configurable: true,
          set: (value: unknown) => {
            Object.defineProperty(probe, '__pwned', { configurable: true, writable: true, value })
            resolve({ ran: true, blockedBy: null })
          },
        })
        const link = document.createElement('a')
        link.href = 'javascript:window.__pwned=2'
        link.textContent = 'injected'
        document.body.appendChild(link)
        link.click()
      }
    })
  }, inject)
}

test('links planted by a Yjs client render without unsafe hrefs, and the page CSP blocks injected scripts', async ({ browser, request }) => {
  const id = await createDocument(request, { title: 'Planted links', format: 'txt', source: 'Field notes\n\nA paragraph before the links.' })
  await plantLinks(`ws://127.0.0.1:${E2E.collabPort}`, id, `${E2E.collabHttpUrl}/api/docs/${id}/state`)

  const person = await newPerson(browser, 'Ada', '#0072B2')
  await recordViolations(person.context)
  const { page } = person
  const response = await page.goto(`/docs/${id}`)
  await expectConnected(page)
  // The app itself runs under the policy: its scripts ran (it connected) and only zod's probe was refused.
  expect(await violationsOf(page)).toEqual([])
  await expect(editorOf(page).locator('p').last()).toHaveText('Read the report, the mirror or the archive.')

  const headers = response!.headers()
  const policy = headers['content-security-policy'] ?? ''
  const directives = Object.fromEntries(policy.split(/;\s*/).map((directive) => [directive.split(' ')[0], directive]))
  expect(directives['script-src']).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}'$/)
  expect(directives['connect-src']).toBe(`connect-src 'self' ws://127.0.0.1:${E2E.collabPort}`)
  expect([directives['object-src'], directives['base-uri'], directives['frame-ancestors'], directives['form-action']]).toEqual([
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ])
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('no-referrer')

  expect(await editorLinks(page)).toEqual(EXPECTED_LINKS)
  await expect(editorOf(page).locator('[data-unsafe-href]')).toHaveText(UNSAFE_LINK_TEXTS)
  await saveScreenshot(page, 'security-links')

  expect(await injectAndWatch(page, 'inline-script')).toEqual({ ran: false, blockedBy: 'script-src-elem' })
  expect(await injectAndWatch(page, 'javascript-link')).toEqual({ ran: false, blockedBy: 'script-src-elem' })
  expect(await page.evaluate(() => [(window as Probe).__pwned, (window as Probe).__inlineRan])).toEqual([undefined, undefined])
  expect(await violationsOf(page)).toEqual(['script-src-elem inline', 'script-src-elem inline'])
  await person.context.close()
})

test('the service worker script is served without a page policy', async ({ request }) => {
  const response = await request.get('/sw.js')
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toBe('text/javascript; charset=utf-8')
  expect(response.headers()['x-content-type-options']).toBe('nosniff')
  expect(response.headers()['content-security-policy']).toBeUndefined()
  expect(await response.text()).toContain('Spanwise offline service worker')
})

test.describe('a viewer (read-only page, links are clickable)', () => {
  let stack: AuthStack

  test.beforeAll(async () => {
    stack = await startAuthStack()
  })

  test.afterAll(async () => {
    await stack?.stop()
  })

  test('clicking a planted javascript: or protocol-relative link runs nothing and goes nowhere', async ({ browser }) => {
    const admin = await signAdminToken(stack.secret)
    const created = await fetch(`http://127.0.0.1:${stack.collabPort}/api/docs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ title: 'Planted links for viewers', format: 'txt', source: 'Field notes\n\nA paragraph before the links.' }),
    })
    expect(created.status, await created.clone().text()).toBe(201)
    const id = ((await created.json()) as { id: string }).id
    const editorToken = await signShareToken(stack.secret, { doc: id, role: 'editor' })
    await plantLinks(`ws://127.0.0.1:${stack.collabPort}`, id, `http://127.0.0.1:${stack.collabPort}/api/docs/${id}/state?token=${admin}`, { token: editorToken })

    const viewer = await newPerson(browser, 'Vic', '#009E73')
    await recordViolations(viewer.context)
    const { page } = viewer
    const pageUrl = `${stack.appUrl}/docs/${id}?token=${await signShareToken(stack.secret, { doc: id, role: 'viewer' })}`
    await page.goto(pageUrl)
    await expectConnected(page)
    await expect(editorOf(page)).toHaveAttribute('contenteditable', 'false')
    expect(await editorLinks(page)).toEqual(EXPECTED_LINKS)

    for (const text of UNSAFE_LINK_TEXTS) {
      // A click can only follow a hyperlink it passes through: there is none on its path.
      expect(await followableLinksOfClick(page, editorOf(page).getByText(text, { exact: true }))).toEqual([])
      expect(page.url()).toBe(pageUrl)
      expect(await page.evaluate(() => (window as Probe).__pwned)).toBeUndefined()
    }
    // The links have no href, so the policy had nothing to block.
    expect(await violationsOf(page)).toEqual([])
    await saveScreenshot(page, 'security-links-viewer')
    await viewer.context.close()
  })
})

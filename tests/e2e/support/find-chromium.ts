import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

const ENV_VARIABLES = ['CHROMIUM_PATH', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH']
const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

/** Flags Chromium needs on this kind of machine (root, no GPU, no network but loopback). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

function playwrightCachedChromium(): string | null {
  try {
    const path = chromium.executablePath()
    return path && existsSync(path) ? path : null
  } catch {
    return null
  }
}

function findInstalledChromium(): string | null {
  for (const name of ENV_VARIABLES) {
    const path = process.env[name]
    if (!path) continue
    if (existsSync(path)) return path
    throw new Error(`${name} is set to "${path}", but no browser is there`)
  }
  return playwrightCachedChromium() ?? SYSTEM_PATHS.find((path) => existsSync(path)) ?? null
}

/**
 * The Chromium the end-to-end tests drive: $CHROMIUM_PATH or $PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH,
 * then Playwright's own browser cache, then a system Chromium. When none is found and we run as
 * root, Debian's `chromium` package is installed with apt-get; otherwise this throws with the
 * ways to get one (Playwright cannot download its own browser on machines without internet).
 */
export function resolveChromium(): string {
  const found = findInstalledChromium()
  if (found) return found
  if (process.getuid?.() === 0) {
    console.log("[e2e] No Chromium found: installing Debian's chromium package with apt-get…")
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], {
      stdio: 'inherit',
    })
    const installed = findInstalledChromium()
    if (installed) return installed
  }
  throw new Error(
    'No Chromium for the end-to-end tests. Install one and run again:\n' +
      '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
      '  with internet access: npx playwright install chromium\n' +
      '  or point CHROMIUM_PATH at a Chromium or Chrome executable.',
  )
}

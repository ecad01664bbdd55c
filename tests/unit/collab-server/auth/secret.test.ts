import { statSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AuthSecretError, loadAuthSecret } from '../../../../collab-server/auth/secret'
import { makeTempDir, removeTempDir } from '../support/temp-dir'

describe('loadAuthSecret', () => {
  let dir: string

  beforeEach(async () => {
    dir = await makeTempDir()
  })

  afterEach(() => removeTempDir(dir))

  it('creates DATA_DIR/auth-secret with mode 0600 on first use, then re-uses it', async () => {
    const dataDir = join(dir, 'data')
    const first = loadAuthSecret({ dataDir })
    expect(first.source).toBe('created')
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const path = join(dataDir, 'auth-secret')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(await readFile(path, 'utf8')).toBe(`${first.secret}\n`)

    expect(loadAuthSecret({ dataDir })).toEqual({ secret: first.secret, source: 'file' })
  })

  it('prefers AUTH_SECRET and then writes no file', async () => {
    const secret = 'x'.repeat(32)
    expect(loadAuthSecret({ envSecret: secret, dataDir: dir })).toEqual({ secret, source: 'env' })
    expect(() => statSync(join(dir, 'auth-secret'))).toThrow(/ENOENT/)
  })

  it('refuses an AUTH_SECRET shorter than 32 characters', () => {
    expect(() => loadAuthSecret({ envSecret: 'x'.repeat(31), dataDir: dir })).toThrow(new AuthSecretError('AUTH_SECRET must be at least 32 characters'))
  })

  it('refuses a secret file holding fewer than 32 characters', () => {
    const path = join(dir, 'auth-secret')
    writeFileSync(path, 'too short\n')
    expect(() => loadAuthSecret({ dataDir: dir })).toThrow(new AuthSecretError(`${path} must hold a secret of at least 32 characters`))
  })
})

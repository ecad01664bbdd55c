import { spawn } from 'node:child_process'
import { statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeJwt } from 'jose'
import { verifyToken } from '../../collab-server/auth/tokens'
import { SqliteStore } from '../../collab-server/persistence/sqlite-store'
import { exitCodeOf, spawnMain, type ServerProcess } from './support/process'
import { makeDataDir, removeDataDir } from './support/test-server'
import { waitFor, within } from './support/wait'

const REPO = resolve(import.meta.dirname, '../..')
const READY_LINE = /^spanwise collab server listening on http:\/\/127\.0\.0\.1:(\d+) \(data: .+\)\n/
const ADMIN_LINE = /\nspanwise admin token: (\S+)\n$/
const SECRET = 'cli-integration-secret-that-is-long-enough'

/** Runs `npm run --silent token -- …`; resolves its exit code and output. */
function runToken(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { AUTH_SECRET: _unused, ...inherited } = process.env
  const child = spawn('npm', ['run', '--silent', 'token', '--', ...args], { cwd: REPO, env: { ...inherited, ...env } })
  let [stdout, stderr] = ['', '']
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return within(new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr }))), 'npm run token', 15_000)
}

describe('AUTH=on from the command line', () => {
  let dataDir: string
  const spawned: ServerProcess[] = []

  beforeAll(async () => {
    dataDir = await makeDataDir()
  })

  afterAll(async () => {
    for (const child of spawned) if (child.child.exitCode === null) child.child.kill('SIGKILL')
    await removeDataDir(dataDir)
  })

  it('prints an admin token after the unchanged ready line, signed with the generated secret', async () => {
    const server = spawnMain({ COLLAB_PORT: '0', COLLAB_HOST: '127.0.0.1', DATA_DIR: dataDir, CONTENT_DIR: join(REPO, 'content'), AUTH: 'on' })
    spawned.push(server)
    await waitFor(() => ADMIN_LINE.test(server.stdout), 'the admin token line', 15_000)
    const [, port] = READY_LINE.exec(server.stdout) ?? []
    const [, adminToken] = ADMIN_LINE.exec(server.stdout) ?? []
    expect(server.stdout.split('\n')).toHaveLength(3)
    expect(statSync(join(dataDir, 'auth-secret')).mode & 0o777).toBe(0o600)
    const secret = (await readFile(join(dataDir, 'auth-secret'), 'utf8')).trim()
    expect(await verifyToken(secret, adminToken)).toMatchObject({ ok: true, token: { kind: 'admin' } })

    const unauthorized = await fetch(`http://127.0.0.1:${port}/api/docs`)
    expect(unauthorized.status).toBe(401)
    const listed = await fetch(`http://127.0.0.1:${port}/api/docs`, { headers: { authorization: `Bearer ${adminToken}` } })
    expect(listed.status).toBe(200)
    server.child.kill('SIGTERM')
    expect(await exitCodeOf(server)).toBe(0)
  })

  it('exits 1 naming AUTH_SECRET when it is too short', async () => {
    const server = spawnMain({ COLLAB_PORT: '0', DATA_DIR: dataDir, AUTH: 'on', AUTH_SECRET: 'short' })
    spawned.push(server)
    expect(await exitCodeOf(server)).toBe(1)
    expect(server.stdout).toBe('')
    expect(server.stderr).toBe('spanwise collab server: invalid environment: AUTH_SECRET: AUTH_SECRET must be at least 32 characters\n')
  })

  it('prints a share token with the server secret, and only the token', async () => {
    const { code, stdout, stderr } = await runToken(['--doc', 'israel-russia-part-2', '--role', 'annotator', '--ttl', '12h', '--data-dir', dataDir])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/)
    const secret = (await readFile(join(dataDir, 'auth-secret'), 'utf8')).trim()
    const claims = decodeJwt(stdout.trim())
    expect(claims.exp! - claims.iat!).toBe(12 * 3600)
    expect(await verifyToken(secret, stdout.trim(), { doc: 'israel-russia-part-2' })).toEqual({
      ok: true,
      token: { kind: 'share', doc: 'israel-russia-part-2', role: 'annotator', gen: 0, exp: claims.exp },
    })
  })

  it("signs in the document's current token generation, and refuses a document the store does not have", async () => {
    const store = SqliteStore.open(dataDir)
    await store.bumpTokenGeneration('israel-russia-part-2')
    await store.close()
    const { code, stdout } = await runToken(['--doc', 'israel-russia-part-2', '--role', 'viewer', '--data-dir', dataDir])
    expect(code).toBe(0)
    expect(decodeJwt(stdout.trim())).toMatchObject({ doc: 'israel-russia-part-2', role: 'viewer', gen: 1 })
    const missing = await runToken(['--doc', 'not-there', '--role', 'viewer', '--data-dir', dataDir])
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `token: document "not-there" not found in ${dataDir}\n` })
  })

  it('signs with AUTH_SECRET when it is set', async () => {
    const { code, stdout } = await runToken(['--admin'], { AUTH_SECRET: SECRET, DATA_DIR: join(dataDir, 'unused') })
    expect(code).toBe(0)
    expect(await verifyToken(SECRET, stdout.trim())).toMatchObject({ ok: true, token: { kind: 'admin' } })
    expect(() => statSync(join(dataDir, 'unused'))).toThrow(/ENOENT/)
  })

  it.each([
    [['--doc', 'x', '--role', 'owner'], 'token: --role must be one of editor, annotator, viewer; got "owner"'],
    [['--doc', 'bad id', '--role', 'viewer'], 'token: --doc: "bad id" is not a document id'],
    [['--admin', '--ttl', '2w'], 'token: ttl must be a positive whole number followed by s, m, h or d (e.g. 7d, 12h, 30m); got "2w"'],
    [['--admin', '--doc', 'x'], 'token: --admin takes no --doc or --role'],
    [['--role', 'viewer'], 'token: give --doc ID --role ROLE, or --admin'],
  ])('exits 2 for %j with the error on stderr', async (args, message) => {
    const { code, stdout, stderr } = await runToken([...args, '--data-dir', dataDir])
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(stderr.split('\n')[0]).toBe(message)
  })
})

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DataDirLock, DataDirLockedError, LOCK_OWNER_FILE_NAME } from '../../../../collab-server/persistence/data-dir-lock'
import { makeTempDir, removeTempDir } from '../support/temp-dir'

const REPO = resolve(import.meta.dirname, '../../../..')

/** A separate Node process that takes the lock on `dataDir`, says "locked" and waits to be killed. */
function lockInChild(dataDir: string) {
  const script = `import { DataDirLock } from './collab-server/persistence/data-dir-lock.ts'
DataDirLock.acquire(${JSON.stringify(dataDir)}); process.stdout.write('locked\\n'); setInterval(() => {}, 60000)`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO })
  const locked = new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && done())
    child.on('exit', (code) => fail(new Error(`the locking child exited with ${code}`)))
  })
  const exited = new Promise<void>((done) => child.on('exit', () => done()))
  return { child, locked, exited }
}

describe('DataDirLock', () => {
  let dataDir: string

  beforeEach(async () => {
    dataDir = await makeTempDir()
  })

  afterEach(async () => {
    await removeTempDir(dataDir)
  })

  it('refuses a second lock on the same directory in the same process, naming the directory and the pid; free again once released', () => {
    const lock = DataDirLock.acquire(dataDir)
    expect(readFileSync(join(dataDir, LOCK_OWNER_FILE_NAME), 'utf8')).toBe(`${process.pid}\n`)
    expect(() => DataDirLock.acquire(dataDir)).toThrow(new DataDirLockedError(dataDir, process.pid))
    expect(() => DataDirLock.acquire(dataDir)).toThrow(
      `DATA_DIR ${dataDir} is in use by another collab server (pid ${process.pid}); stop it first, or give this one another DATA_DIR`,
    )
    lock.release()
    expect(existsSync(join(dataDir, LOCK_OWNER_FILE_NAME))).toBe(false)
    DataDirLock.acquire(dataDir).release()
  })

  it('refuses while another process holds it, and takes it at once after that process is killed with SIGKILL', async () => {
    const holder = lockInChild(dataDir)
    await holder.locked
    expect(() => DataDirLock.acquire(dataDir)).toThrow(`is in use by another collab server (pid ${holder.child.pid})`)
    holder.child.kill('SIGKILL')
    await holder.exited
    // The stale pid file is still there; the lock is not.
    expect(existsSync(join(dataDir, LOCK_OWNER_FILE_NAME))).toBe(true)
    const lock = DataDirLock.acquire(dataDir)
    expect(readFileSync(join(dataDir, LOCK_OWNER_FILE_NAME), 'utf8')).toBe(`${process.pid}\n`)
    lock.release()
  }, 20_000)

  it('holds no lock when writing its pid file fails', () => {
    const pidFile = join(dataDir, LOCK_OWNER_FILE_NAME)
    mkdirSync(pidFile) // a directory where the pid file goes: writing it fails
    expect(() => DataDirLock.acquire(dataDir)).toThrow(expect.objectContaining({ code: 'EISDIR' }))
    rmdirSync(pidFile)
    const lock = DataDirLock.acquire(dataDir)
    expect(readFileSync(pidFile, 'utf8')).toBe(`${process.pid}\n`)
    lock.release()
  })

  it('does not care about other directories', () => {
    const first = DataDirLock.acquire(join(dataDir, 'a'))
    const second = DataDirLock.acquire(join(dataDir, 'b'))
    first.release()
    second.release()
  })
})

import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { MIN_SECRET_LENGTH } from './tokens'

/** Name of the generated secret's file inside the data directory. */
const SECRET_FILE_NAME = 'auth-secret'

/** Where a secret came from: the environment, an existing file, or a file created just now. */
export type SecretSource = 'env' | 'file' | 'created'

/** The token secret could not be read or is too short; the message names the variable or file. */
export class AuthSecretError extends Error {
  override readonly name = 'AuthSecretError'
}

function readSecretFile(path: string): string | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new AuthSecretError(`cannot read ${path}: ${(error as Error).message}`)
  }
  const secret = text.trim()
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new AuthSecretError(`${path} must hold a secret of at least ${MIN_SECRET_LENGTH} characters`)
  }
  return secret
}

/** Writes a new random secret with mode 0600; false when another process created the file first. */
function createSecretFile(path: string, secret: string): boolean {
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw new AuthSecretError(`cannot create ${path}: ${(error as Error).message}`)
  }
  // The creation mode is filtered by the umask; make it exactly owner read/write.
  chmodSync(path, 0o600)
  return true
}

/**
 * The secret that signs tokens: `envSecret` (`AUTH_SECRET`) when given, else the one in
 * `${dataDir}/auth-secret`, generated (32 random bytes, base64url) with file mode 0600 on first
 * use and re-used afterwards. Throws {@link AuthSecretError} when the given secret or the file's
 * is shorter than 32 characters or the file cannot be read or written.
 */
export function loadAuthSecret(options: { envSecret?: string; dataDir: string }): { secret: string; source: SecretSource } {
  if (options.envSecret !== undefined) {
    if (options.envSecret.length < MIN_SECRET_LENGTH) {
      throw new AuthSecretError(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters`)
    }
    return { secret: options.envSecret, source: 'env' }
  }
  const path = join(options.dataDir, SECRET_FILE_NAME)
  const existing = readSecretFile(path)
  if (existing !== null) return { secret: existing, source: 'file' }
  mkdirSync(options.dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  if (createSecretFile(path, secret)) return { secret, source: 'created' }
  return { secret: readSecretFile(path)!, source: 'file' }
}

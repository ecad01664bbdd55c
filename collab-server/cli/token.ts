import { parseArgs } from 'node:util'
import { AuthSecretError, loadAuthSecret } from '../auth/secret'
import { isRole, ROLES, type Role } from '../../editor/model/roles'
import { signAdminToken, signShareToken, TokenRequestError } from '../auth/tokens'
import { DEFAULT_TTL, parseTtl, TtlError } from '../auth/ttl'
import { isDocId } from '../../editor/model/doc-id'
import { CollabEnvError, readDatabaseUrl } from '../env'
import { openToolStore } from '../persistence/open-store'
import { runCli } from './run-cli'

const USAGE = `Usage: npm run --silent token -- --doc ID --role ${ROLES.join('|')} [--ttl 7d] [--data-dir DIR]
       npm run --silent token -- --admin [--ttl 7d] [--data-dir DIR]

Prints a share token for one document, or an admin token, and nothing else (so it can be piped).
The secret is $AUTH_SECRET, else the one in DIR/auth-secret (created if missing), DIR being
--data-dir, else $DATA_DIR, else ./data. A share token is for a document in DIR's store (in the
PostgreSQL database of $DATABASE_URL when it is set), in its
current token generation (links revoked before are not brought back). TTL: a whole number of s,
m, h or d (default ${DEFAULT_TTL}, at most 365d). Admin tokens are revoked only by changing the secret.`

class UsageError extends Error {}

/** The document of a share token is not in the store. */
class MissingDocumentError extends Error {}

type Request = { admin: true; ttl: string; dataDir: string } | { admin: false; doc: string; role: Role; ttl: string; dataDir: string }

function parseCommandLine(argv: string[]): Request | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      doc: { type: 'string' },
      role: { type: 'string' },
      admin: { type: 'boolean', default: false },
      ttl: { type: 'string', default: DEFAULT_TTL },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) return null
  const dataDir = values['data-dir'] ?? process.env.DATA_DIR ?? './data'
  parseTtl(values.ttl)
  if (values.admin) {
    if (values.doc !== undefined || values.role !== undefined) throw new UsageError('--admin takes no --doc or --role')
    return { admin: true, ttl: values.ttl, dataDir }
  }
  if (values.doc === undefined) throw new UsageError('give --doc ID --role ROLE, or --admin')
  if (!isDocId(values.doc)) throw new UsageError(`--doc: ${JSON.stringify(values.doc)} is not a document id`)
  if (!isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}; got ${JSON.stringify(values.role ?? '')}`)
  return { admin: false, doc: values.doc, role: values.role, ttl: values.ttl, dataDir }
}

/** The document's current token generation, read from the store in `dataDir` or `$DATABASE_URL` (safe while a server runs). */
async function tokenGenerationOf(dataDir: string, doc: string): Promise<number> {
  const databaseUrl = readDatabaseUrl(process.env)
  const store = await openToolStore(databaseUrl, dataDir)
  try {
    const generation = await store.tokenGeneration(doc)
    if (generation === null) throw new MissingDocumentError(`document ${JSON.stringify(doc)} not found in ${databaseUrl === null ? dataDir : 'the database of DATABASE_URL'}`)
    return generation
  } finally {
    await store.close()
  }
}

async function tokenFor(request: Request): Promise<string> {
  const { secret } = loadAuthSecret({ envSecret: process.env.AUTH_SECRET, dataDir: request.dataDir })
  if (request.admin) return signAdminToken(secret, { ttl: request.ttl })
  const gen = await tokenGenerationOf(request.dataDir, request.doc)
  return signShareToken(secret, { doc: request.doc, role: request.role, gen, ttl: request.ttl })
}

const isUsageError = (error: unknown) => error instanceof UsageError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')

const isInputError = (error: unknown) => error instanceof TtlError || error instanceof TokenRequestError || error instanceof AuthSecretError || error instanceof CollabEnvError

/** Runs the token CLI; returns the process exit code (0 ok, 1 unknown document, 2 bad usage or secret). */
export async function runTokenCli(argv: string[]): Promise<number> {
  try {
    const request = parseCommandLine(argv)
    if (request === null) {
      console.log(USAGE)
      return 0
    }
    process.stdout.write(`${await tokenFor(request)}\n`)
    return 0
  } catch (error) {
    if (error instanceof MissingDocumentError) {
      console.error(`token: ${error.message}`)
      return 1
    }
    if (isUsageError(error)) console.error(`token: ${(error as Error).message}\n\n${USAGE}`)
    else if (isInputError(error)) console.error(`token: ${(error as Error).message}`)
    else throw error
    return 2
  }
}

runCli('token', runTokenCli)

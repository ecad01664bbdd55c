import { z } from 'zod'
import { MIN_SECRET_LENGTH } from './auth/tokens'
import { normalizeOrigin } from './auth/origin-policy'
import { describeIssues } from '../editor/model/describe-issues'
import { LOG_LEVELS } from './logger'
import { LIMIT_DEFAULTS } from './options'
import { DEFAULT_KEY_PREFIX, KEY_PREFIX_PATTERN } from './redis-key-prefix'

const nonEmpty = (name: string) => z.string().min(1, `${name} must not be empty`)

const portNumber = (name: string) =>
  z
    .string()
    .regex(/^\d{1,5}$/, `${name} must be a port number (0–65535)`)
    .transform(Number)
    .pipe(z.number().max(65535, `${name} must be a port number (0–65535)`))

function hasScheme(text: string, schemes: readonly string[]): boolean {
  try {
    return schemes.includes(new URL(text).protocol)
  } catch {
    return false
  }
}

/** An optional URL variable whose scheme is one of `schemes` (`postgres:`); the message never repeats the value (it may hold a password). */
const urlWithScheme = (name: string, schemes: readonly string[], example: string) =>
  z
    .string()
    .refine((text) => hasScheme(text, schemes), `${name} must be a ${schemes.map((scheme) => `${scheme}//`).join(' or ')} URL such as ${example}`)
    .nullable()
    .default(null)

const databaseUrl = urlWithScheme('DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://user:password@db.example.com:5432/spanwise')

/** The longest `AUTO_VERSION_MINUTES` a timer can wait (2^31 - 1 ms). */
const MAX_AUTO_VERSION_MINUTES = 35_791

/** The collab server's environment variables, with defaults. */
export const collabEnvSchema = z.object({
  COLLAB_PORT: portNumber('COLLAB_PORT').default(1234),
  COLLAB_HOST: nonEmpty('COLLAB_HOST').default('0.0.0.0'),
  DATA_DIR: nonEmpty('DATA_DIR').default('./data'),
  CONTENT_DIR: nonEmpty('CONTENT_DIR').default('./content'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  SQLITE_SYNCHRONOUS: z.enum(['normal', 'full'], { error: 'SQLITE_SYNCHRONOUS must be "normal" or "full"' }).default('normal'),
  AUTO_VERSION_MINUTES: z
    .string()
    .regex(/^\d{1,6}$/, 'AUTO_VERSION_MINUTES must be a whole number of minutes (0: no automatic versions)')
    .transform(Number)
    // setTimeout fires at once beyond 2^31 - 1 ms (24.8 days): 35791 minutes is the most it can wait.
    .refine((minutes) => minutes <= MAX_AUTO_VERSION_MINUTES, `AUTO_VERSION_MINUTES must be at most ${MAX_AUTO_VERSION_MINUTES} (24.8 days, the longest a timer can wait)`)
    .default(60),
  DATABASE_URL: databaseUrl,
  REDIS_URL: urlWithScheme('REDIS_URL', ['redis:', 'rediss:'], 'redis://redis.example.com:6379'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(KEY_PREFIX_PATTERN, 'REDIS_KEY_PREFIX must be 1–64 letters, digits, "-", "_", "." or ":" (such as spanwise-staging)')
    .default(DEFAULT_KEY_PREFIX),
})

/** Validated environment. */
export type CollabEnv = z.output<typeof collabEnvSchema>

/** The environment is invalid; the message names each bad variable. */
export class CollabEnvError extends Error {
  override readonly name = 'CollabEnvError'
}

/** Reads and validates the environment; throws {@link CollabEnvError} naming the bad variables. */
export function readCollabEnv(env: Record<string, string | undefined>): CollabEnv {
  return parseEnv(collabEnvSchema, env)
}

/**
 * Validates the variables `schema` names (and only those) from `env`; throws
 * {@link CollabEnvError} naming every bad one.
 */
function parseEnv<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, env: Record<string, string | undefined>): z.output<z.ZodObject<Shape>> {
  const picked = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, env[name]]))
  const parsed = schema.safeParse(picked)
  if (!parsed.success) throw new CollabEnvError(`invalid environment: ${describeIssues(parsed.error)}`)
  return parsed.data
}

/** `DATABASE_URL` alone (the CLIs): null when unset; throws {@link CollabEnvError} when it is not a PostgreSQL URL. */
export function readDatabaseUrl(env: Record<string, string | undefined>): string | null {
  return parseEnv(z.object({ DATABASE_URL: databaseUrl }), env).DATABASE_URL
}

const allowedOrigins = nonEmpty('ALLOWED_ORIGINS')
  .transform((text) =>
    text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0),
  )
  .superRefine((entries, context) => {
    if (entries.length === 0) context.addIssue({ code: 'custom', message: 'ALLOWED_ORIGINS must list at least one origin' })
    if (entries.length === 1 && entries[0] === '*') return
    for (const entry of entries) {
      if (normalizeOrigin(entry) !== null) continue
      const message =
        entry === '*' ? '"*" must be the only entry of ALLOWED_ORIGINS' : `ALLOWED_ORIGINS entry ${JSON.stringify(entry)} is not an origin such as https://app.example.com`
      context.addIssue({ code: 'custom', message })
    }
  })

/** The access-control variables (`AUTH`, `AUTH_SECRET`, `ALLOWED_ORIGINS`, and the app's `PORT`), with defaults. */
export const accessEnvSchema = z.object({
  AUTH: z.enum(['off', 'on'], { error: 'AUTH must be "off" or "on"' }).default('off'),
  AUTH_SECRET: z.string().min(MIN_SECRET_LENGTH, `AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
  ALLOWED_ORIGINS: allowedOrigins.nullable().default(null),
  PORT: portNumber('PORT').default(3000),
})

/** Validated access-control environment; `ALLOWED_ORIGINS` is null when unset (the default policy). */
export type AccessEnv = z.output<typeof accessEnvSchema>

/** Reads and validates the access-control variables; throws {@link CollabEnvError} naming the bad ones. */
export function readAccessEnv(env: Record<string, string | undefined>): AccessEnv {
  return parseEnv(accessEnvSchema, env)
}

const positiveInteger = (name: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${name} must be a positive integer`)
    .transform(Number)
    .pipe(z.number().min(1, `${name} must be a positive integer`))

/** The limit variables, with the defaults of {@link LIMIT_DEFAULTS}. */
export const limitsEnvSchema = z.object({
  MAX_MESSAGE_BYTES: positiveInteger('MAX_MESSAGE_BYTES').default(LIMIT_DEFAULTS.maxMessageBytes),
  RATE_LIMIT_UPDATES_PER_SECOND: positiveInteger('RATE_LIMIT_UPDATES_PER_SECOND').default(LIMIT_DEFAULTS.updateRateLimit),
  RATE_LIMIT_BURST: positiveInteger('RATE_LIMIT_BURST').default(LIMIT_DEFAULTS.updateBurst),
  MAX_ROOMS: positiveInteger('MAX_ROOMS').default(LIMIT_DEFAULTS.maxRooms),
  RATE_LIMIT_BYTES_PER_SECOND: positiveInteger('RATE_LIMIT_BYTES_PER_SECOND').default(LIMIT_DEFAULTS.byteRateLimit),
  RATE_LIMIT_BYTES_BURST: positiveInteger('RATE_LIMIT_BYTES_BURST').default(LIMIT_DEFAULTS.byteBurst),
  RATE_LIMIT_SHARED_FACTOR: positiveInteger('RATE_LIMIT_SHARED_FACTOR').default(LIMIT_DEFAULTS.sharedRateLimitFactor),
  MAX_CONNECTIONS_PER_ADDRESS: positiveInteger('MAX_CONNECTIONS_PER_ADDRESS').default(LIMIT_DEFAULTS.maxConnectionsPerAddress),
  MAX_CONNECTIONS_PER_TOKEN: positiveInteger('MAX_CONNECTIONS_PER_TOKEN').default(LIMIT_DEFAULTS.maxConnectionsPerToken),
  MAX_CONNECTIONS_PER_DOCUMENT: positiveInteger('MAX_CONNECTIONS_PER_DOCUMENT').default(LIMIT_DEFAULTS.maxConnectionsPerDocument),
  MAX_DOCUMENT_BYTES: positiveInteger('MAX_DOCUMENT_BYTES').default(LIMIT_DEFAULTS.maxDocumentBytes),
})

/** Validated limit variables. */
export type LimitsEnv = z.output<typeof limitsEnvSchema>

/** Reads and validates the limit variables; throws {@link CollabEnvError} naming the bad ones. */
export function readLimitsEnv(env: Record<string, string | undefined>): LimitsEnv {
  return parseEnv(limitsEnvSchema, env)
}

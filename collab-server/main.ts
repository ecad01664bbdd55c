import { AuthSecretError, loadAuthSecret } from './auth/secret'
import { signAdminToken } from './auth/tokens'
import { CollabEnvError, readAccessEnv, readCollabEnv, readLimitsEnv, type AccessEnv, type CollabEnv, type LimitsEnv } from './env'
import { createJsonLogger } from './logger'
import { redactUrl } from './persistence/postgres-pool'
import { createCollabServer } from './server'

function fail(message: string): never {
  process.stderr.write(`spanwise collab server: ${message}\n`)
  process.exit(1)
}

/** The validated environment and, with `AUTH=on`, the token secret; exits 1 naming what is wrong. */
function configure(): { env: CollabEnv; access: AccessEnv; limits: LimitsEnv; secret: string | null } {
  try {
    const env = readCollabEnv(process.env)
    const access = readAccessEnv(process.env)
    const limits = readLimitsEnv(process.env)
    const secret = access.AUTH === 'on' ? loadAuthSecret({ envSecret: access.AUTH_SECRET, dataDir: env.DATA_DIR }).secret : null
    return { env, access, limits, secret }
  } catch (error) {
    if (error instanceof CollabEnvError || error instanceof AuthSecretError) fail(error.message)
    throw error
  }
}

/** Entry point (`tsx collab-server/main.ts`): env → server; SIGINT/SIGTERM stop it gracefully. */
async function main(): Promise<void> {
  const { env, access, limits, secret } = configure()
  const logger = createJsonLogger({ level: env.LOG_LEVEL })
  const server = createCollabServer({
    port: env.COLLAB_PORT,
    host: env.COLLAB_HOST,
    dataDir: env.DATA_DIR,
    contentDir: env.CONTENT_DIR,
    authSecret: secret,
    allowedOrigins: access.ALLOWED_ORIGINS,
    appPort: access.PORT,
    maxMessageBytes: limits.MAX_MESSAGE_BYTES,
    updateRateLimit: limits.RATE_LIMIT_UPDATES_PER_SECOND,
    updateBurst: limits.RATE_LIMIT_BURST,
    maxRooms: limits.MAX_ROOMS,
    byteRateLimit: limits.RATE_LIMIT_BYTES_PER_SECOND,
    byteBurst: limits.RATE_LIMIT_BYTES_BURST,
    sharedRateLimitFactor: limits.RATE_LIMIT_SHARED_FACTOR,
    maxConnectionsPerAddress: limits.MAX_CONNECTIONS_PER_ADDRESS,
    maxConnectionsPerToken: limits.MAX_CONNECTIONS_PER_TOKEN,
    maxConnectionsPerDocument: limits.MAX_CONNECTIONS_PER_DOCUMENT,
    maxDocumentBytes: limits.MAX_DOCUMENT_BYTES,
    sqliteSynchronous: env.SQLITE_SYNCHRONOUS,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    autoVersionIntervalMs: env.AUTO_VERSION_MINUTES * 60_000,
    logger,
    processMetrics: true,
  })
  const { port } = await server.start()
  const address = `http://${env.COLLAB_HOST}:${port}`
  const data = env.DATABASE_URL === null ? env.DATA_DIR : redactUrl(env.DATABASE_URL)
  process.stdout.write(`spanwise collab server listening on ${address} (data: ${data})\n`)
  if (secret !== null) process.stdout.write(`spanwise admin token: ${await signAdminToken(secret)}\n`)

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('forced-exit', { signal })
      process.exit(1)
    }
    stopping = true
    logger.info('stopping', { signal })
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('stop-failed', { error })
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const detail = error instanceof Error ? error.message : String(error)
  process.stderr.write(`spanwise collab server: failed to start: ${detail}\n`)
  process.exit(1)
})

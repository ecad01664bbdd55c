import { CollabEnvError, readCollabEnv, type CollabEnv } from './env'
import { createJsonLogger } from './logger'
import { createCollabServer } from './server'

/** Entry point (`tsx collab-server/main.ts`): env → server; SIGINT/SIGTERM stop it gracefully. */
async function main(): Promise<void> {
  let env: CollabEnv
  try {
    env = readCollabEnv(process.env)
  } catch (error) {
    if (!(error instanceof CollabEnvError)) throw error
    process.stderr.write(`spanwise collab server: ${error.message}\n`)
    process.exit(1)
  }
  const logger = createJsonLogger()
  const server = createCollabServer({
    port: env.COLLAB_PORT,
    host: env.COLLAB_HOST,
    dataDir: env.DATA_DIR,
    contentDir: env.CONTENT_DIR,
    logger,
  })
  const { port } = await server.start()
  const address = `http://${env.COLLAB_HOST}:${port}`
  process.stdout.write(`spanwise collab server listening on ${address} (data: ${env.DATA_DIR})\n`)

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

import { z } from 'zod'
import { describeIssues } from './documents'

const nonEmpty = (name: string) => z.string().min(1, `${name} must not be empty`)

/** The collab server's environment variables, with defaults. */
export const collabEnvSchema = z.object({
  COLLAB_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'COLLAB_PORT must be a port number (0–65535)')
    .transform(Number)
    .pipe(z.number().max(65535, 'COLLAB_PORT must be a port number (0–65535)'))
    .default(1234),
  COLLAB_HOST: nonEmpty('COLLAB_HOST').default('0.0.0.0'),
  DATA_DIR: nonEmpty('DATA_DIR').default('./data'),
  CONTENT_DIR: nonEmpty('CONTENT_DIR').default('./content'),
})

/** Validated environment. */
export type CollabEnv = z.output<typeof collabEnvSchema>

/** The environment is invalid; the message names each bad variable. */
export class CollabEnvError extends Error {
  override readonly name = 'CollabEnvError'
}

/** Reads and validates the environment; throws {@link CollabEnvError} naming the bad variables. */
export function readCollabEnv(env: Record<string, string | undefined>): CollabEnv {
  const { COLLAB_PORT, COLLAB_HOST, DATA_DIR, CONTENT_DIR } = env
  const parsed = collabEnvSchema.safeParse({ COLLAB_PORT, COLLAB_HOST, DATA_DIR, CONTENT_DIR })
  if (!parsed.success) throw new CollabEnvError(`invalid environment: ${describeIssues(parsed.error)}`)
  return parsed.data
}

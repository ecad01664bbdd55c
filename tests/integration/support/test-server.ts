import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '../../../collab-server/logger'
import { createCollabServer, type CollabServer, type CollabServerOptions } from '../../../collab-server/server'

/** A started collab server on a free port. */
export interface TestServer {
  readonly server: CollabServer
  readonly port: number
  /** `http://127.0.0.1:<port>` */
  readonly httpUrl: string
  /** `ws://127.0.0.1:<port>` */
  readonly wsUrl: string
  readonly dataDir: string
}

/** A fresh temporary data directory under the OS temp dir. */
export function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'spanwise-collab-'))
}

/** Removes a temporary data directory. */
export function removeDataDir(dataDir: string): Promise<void> {
  return rm(dataDir, { recursive: true, force: true })
}

/** Starts a server on 127.0.0.1, port 0, with a silent logger and no seeding unless asked. */
export async function startTestServer(dataDir: string, options: Partial<CollabServerOptions> = {}): Promise<TestServer> {
  const server = createCollabServer({ logger: silentLogger, ...options, port: 0, host: '127.0.0.1', dataDir })
  const { port } = await server.start()
  return { server, port, httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, dataDir }
}

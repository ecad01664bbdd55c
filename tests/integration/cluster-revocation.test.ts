import { Redis } from 'ioredis'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { signAdminToken, signShareToken } from '../../collab-server/auth/tokens'
import { clusterKeys, clusterKeysFor } from '../../collab-server/cluster/cluster-messages'
import { startRedisServer } from '../support/services/redis-server'
import { createTestDatabase } from '../support/services/test-database'
import { startTestCluster, type TestCluster } from './support/cluster'
import { closeOf, openRawSocket, type RawSocket } from './support/raw-socket'
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from './support/test-server'
import { waitFor } from './support/wait'

const SECRET = 'cluster-revocation-secret-long-enough-for-the-check'
const STAGING_SECRET = 'cluster-revocation-staging-secret-long-enough-too'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function createNotes(server: TestServer, secret: string): Promise<void> {
  const admin = await signAdminToken(secret)
  const response = await fetch(`${server.httpUrl}/api/docs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'notes', title: 'Notes', format: 'blank' }),
  })
  expect(response.status).toBe(201)
}

async function revokeNotes(server: TestServer, secret: string): Promise<void> {
  const editor = await signShareToken(secret, { doc: 'notes', role: 'editor', ttl: '1d' })
  const response = await fetch(`${server.httpUrl}/api/docs/notes/revoke`, { method: 'POST', headers: { authorization: `Bearer ${editor}` } })
  expect(response.status).toBe(200)
}

async function openViewer(server: TestServer, secret: string, sockets: RawSocket[], gen = 0): Promise<RawSocket> {
  const viewer = await signShareToken(secret, { doc: 'notes', role: 'viewer', gen, ttl: '1d' })
  const socket = await openRawSocket(server.wsUrl, `/notes?token=${viewer}`)
  sockets.push(socket)
  await waitFor(() => socket.received.length > 0, 'the server to answer')
  return socket
}

describe('revocations across instances (AUTH=on)', () => {
  const cleanups: Array<() => Promise<unknown>> = []
  const sockets: RawSocket[] = []
  let cluster: TestCluster | null = null
  let redis: Redis | null = null
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.ws.terminate()
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
    redis?.disconnect()
    redis = null
    await cluster?.dispose()
    cluster = null
  })

  async function start(): Promise<[TestServer, TestServer]> {
    cluster = await startTestCluster(inject('postgresUrl'), 2, { authSecret: SECRET })
    redis = new Redis(cluster.redis.url, { lazyConnect: true })
    await redis.connect()
    const [a, b] = cluster.instances as [TestServer, TestServer]
    await createNotes(a, SECRET)
    return [a, b]
  }

  it('closes a revoked socket on B even when B’s subscriber was reconnecting as A published the revocation', async () => {
    const [a, b] = await start()
    const socket = await openViewer(b, SECRET, sockets)
    const list = (await redis!.client('LIST')) as string
    for (const line of list.split('\n').filter((candidate) => /name=spanwise-\w+-subscriber/.test(candidate))) {
      await redis!.client('KILL', 'ADDR', /addr=(\S+)/.exec(line)![1])
    }
    await revokeNotes(a, SECRET)
    expect(await closeOf(socket, 8_000)).toEqual({ code: 4401, reason: 'token revoked' })
  }, 30_000)

  it('closes sockets below the generation the store reports, never the one a message on Redis claims', async () => {
    const [a, b] = await start()
    const viewer = await openViewer(b, SECRET, sockets)
    // Forged: a far generation for a document whose links were never revoked, from no instance.
    await redis!.publish(clusterKeys.revocations, JSON.stringify({ docId: 'notes', generation: 99, origin: 'intruder' }))
    await sleep(1_000)
    expect(viewer.ws.readyState).toBe(viewer.ws.OPEN)
    const another = await openViewer(b, SECRET, sockets)
    // A real revocation on A closes both on B; links signed afterwards work on B.
    await revokeNotes(a, SECRET)
    expect(await closeOf(viewer)).toEqual({ code: 4401, reason: 'token revoked' })
    expect(await closeOf(another)).toEqual({ code: 4401, reason: 'token revoked' })
    const fresh = await openViewer(b, SECRET, sockets, 1)
    await redis!.publish(clusterKeys.revocations, JSON.stringify({ docId: 'notes', generation: 99, origin: 'intruder' }))
    await sleep(1_000)
    expect(fresh.ws.readyState).toBe(fresh.ws.OPEN)
  }, 30_000)

  it('keeps two deployments on one Redis apart with REDIS_KEY_PREFIX: a revocation in one never closes the other’s sockets', async () => {
    const shared = await startRedisServer()
    cleanups.push(() => shared.dispose())
    const deployments: TestServer[] = []
    for (const [secret, prefix] of [
      [SECRET, undefined],
      [STAGING_SECRET, 'spanwise-staging'],
    ] as const) {
      const database = await createTestDatabase(inject('postgresUrl'))
      cleanups.push(() => database.drop())
      const dataDir = await makeDataDir()
      cleanups.push(() => removeDataDir(dataDir))
      const server = await startTestServer(dataDir, { authSecret: secret, databaseUrl: database.url, redisUrl: shared.url, ...(prefix ? { redisKeyPrefix: prefix } : {}) })
      cleanups.push(() => server.server.stop())
      await createNotes(server, secret)
      deployments.push(server)
    }
    const [production, staging] = deployments as [TestServer, TestServer]
    const onProduction = await openViewer(production, SECRET, sockets)
    const onStaging = await openViewer(staging, STAGING_SECRET, sockets)
    redis = new Redis(shared.url, { lazyConnect: true })
    await redis.connect()
    expect(await redis.exists(clusterKeysFor('spanwise-staging').readers('notes'), clusterKeys.readers('notes'))).toBe(2)

    await revokeNotes(staging, STAGING_SECRET)
    expect(await closeOf(onStaging)).toEqual({ code: 4401, reason: 'token revoked' })
    await sleep(1_000)
    expect(onProduction.ws.readyState).toBe(onProduction.ws.OPEN)
  }, 30_000)
})

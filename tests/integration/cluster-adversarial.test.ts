import { Redis } from 'ioredis'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { clusterKeys, encodeAwarenessMessage } from '../../collab-server/cluster/cluster-messages'
import type { LogFields, Logger } from '../../collab-server/logger'
import { startTestCluster, type TestCluster } from './support/cluster'
import { createDoc } from './support/http-client'
import { waitFor } from './support/wait'
import { appendParagraph, blockTexts, connectClient, waitForSynced, type YjsClient } from './support/yjs-client'

interface CapturingLogger extends Logger {
  readonly lines: Array<{ level: string; event: string; fields: LogFields }>
}

function capturingLogger(): CapturingLogger {
  const lines: CapturingLogger['lines'] = []
  const at =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      lines.push({ level, event, fields })
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** An awareness update (y-protocols encoding) with one entry whose state is `json`. */
function awarenessUpdate(client: number, clock: number, json: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, clock)
  encoding.writeVarString(encoder, json)
  return encoding.toUint8Array(encoder)
}

/** A real Yjs update that builds on content no instance has (it would stay pending). */
function updateOnUnknownContent(): Uint8Array {
  const origin = new Y.Doc()
  origin.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('unknown base')])
  const before = Y.encodeStateVector(origin)
  ;(origin.getXmlFragment('prosemirror').get(0) as Y.XmlText).insert(3, 'X')
  return Y.encodeStateAsUpdate(origin, before)
}

describe('garbage in the cluster’s Redis', () => {
  let cluster: TestCluster | null = null
  let redis: Redis | null = null
  const clients: YjsClient[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    redis?.disconnect()
    redis = null
    await cluster?.dispose()
    cluster = null
  })

  it('logs and skips malformed stream entries and channel messages, and keeps working', async () => {
    cluster = await startTestCluster(inject('postgresUrl'), 0)
    const loggers = [capturingLogger(), capturingLogger()]
    const [a, b] = [await cluster.addInstance({ logger: loggers[0] }), await cluster.addInstance({ logger: loggers[1] })]
    redis = new Redis(cluster.redis.url, { lazyConnect: true })
    await redis.connect()
    const { id } = await createDoc(a.httpUrl, { title: 'Garbage', format: 'blank' })
    const ada = connectClient(a.wsUrl, id)
    const bea = connectClient(b.wsUrl, id)
    clients.push(ada, bea)
    await Promise.all([waitForSynced(ada), waitForSynced(bea)])
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada', color: '#0072B2' })

    const stream = clusterKeys.updates(id)
    await redis.xadd(stream, '*', 'o', 'intruder')
    await redis.xadd(stream, '*', 'o', 'intruder', 's', '-3', 'p', '', 'u', 'x')
    await redis.xadd(stream, '*', 'o', 'intruder', 's', '1', 'p', '', 'u', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))
    await redis.xadd(stream, '*', 'o', 'intruder', 's', '1', 'p', 'token:nobody', 'u', Buffer.from(updateOnUnknownContent()))
    await redis.xadd(stream, '*', 'u', Buffer.from('only an update'), 'x', 'y')

    const channel = clusterKeys.awareness(id)
    await redis.publish(channel, Buffer.from([0xff, 0x00, 0x13]))
    await redis.publish(channel, Buffer.alloc(0))
    await redis.publish(channel, encodeAwarenessMessage({ kind: 'update', origin: 'intruder', principal: null, update: new Uint8Array([0xff, 0xff]) }))
    await redis.publish(channel, encodeAwarenessMessage({ kind: 'update', origin: 'intruder', principal: null, update: awarenessUpdate(777, 1, '{"user":{"name":12345}}') }))
    await redis.publish(channel, encodeAwarenessMessage({ kind: 'update', origin: 'intruder', principal: null, update: awarenessUpdate(778, 1, 'not json') }))
    await redis.publish(clusterKeys.revocations, 'not json')
    await redis.publish(clusterKeys.revocations, JSON.stringify({ docId: id, generation: -1, origin: 'intruder' }))
    await redis.publish(clusterKeys.revocations, JSON.stringify({ docId: id, generation: 1, origin: 'intruder', extra: true }))

    // Both instances still relay edits and presence, both ways.
    appendParagraph(ada.doc, 'after the garbage, from A')
    appendParagraph(bea.doc, 'after the garbage, from B')
    for (const client of [ada, bea]) {
      await waitFor(
        () => ['after the garbage, from A', 'after the garbage, from B'].every((text) => blockTexts(client.doc).includes(text)),
        'edits to cross after the garbage',
        10_000,
      )
    }
    expect(blockTexts(ada.doc)).toEqual(blockTexts(bea.doc))
    expect(blockTexts(bea.doc).join('')).not.toContain('unknown base')
    await waitFor(() => bea.provider.awareness.getStates().has(ada.doc.clientID), 'Ada’s presence on B')
    // No malformed presence reached a client.
    for (const client of [ada, bea]) {
      expect(client.provider.awareness.getStates().has(777)).toBe(false)
      expect(client.provider.awareness.getStates().has(778)).toBe(false)
    }
    expect(ada.closes).toEqual([])
    expect(bea.closes).toEqual([])

    for (const logger of loggers) {
      const count = (event: string) => logger.lines.filter((line) => line.event === event).length
      await waitFor(() => count('cluster-awareness-rejected') >= 3 && count('cluster-message-malformed') >= 5, 'the malformed messages to be handled')
      const events = logger.lines.map((line) => line.event)
      expect(events, 'an update on unknown content dropped').toContain('cluster-update-left-pending')
      expect(events.filter((event) => event === 'cluster-entry-malformed').length, 'malformed entries logged').toBe(3)
      expect(events, 'non-Yjs bytes logged').toContain('cluster-update-rejected')
      expect(events.filter((event) => event === 'cluster-message-malformed').length, 'malformed messages logged').toBe(5)
      expect(events.filter((event) => event === 'cluster-awareness-rejected').length, 'malformed presence logged').toBeGreaterThanOrEqual(3)
      expect(
        logger.lines.filter((line) => line.event === 'room-task-failed'),
        'no room task failed',
      ).toEqual([])
    }
    for (const instance of [a, b]) expect((await fetch(`${instance.httpUrl}/api/docs`)).status).toBe(200)
  }, 30_000)
})

/**
 * The fan-out floor: a bare websocket relay that forwards every binary message to the other
 * sockets of the same path, byte for byte, without Yjs, without state and without storage. No Yjs
 * server can deliver faster than this. Run in its own process by the fan-out suite:
 * `node --import tsx bench/fanout/relay-server.ts` with `RELAY_HOST` and `RELAY_PORT` (0: any free
 * port); prints `relay listening on <port>` once it accepts connections.
 */
import http from 'node:http'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'

/** The sockets of each path ("room"). */
const rooms = new Map<string, Set<WebSocket>>()

function join(room: string, socket: WebSocket): void {
  let peers = rooms.get(room)
  if (!peers) rooms.set(room, (peers = new Set()))
  peers.add(socket)
}

function leave(room: string, socket: WebSocket): void {
  const peers = rooms.get(room)
  if (!peers) return
  peers.delete(socket)
  if (peers.size === 0) rooms.delete(room)
}

function forward(room: string, sender: WebSocket, data: RawData, isBinary: boolean): void {
  if (!isBinary) return
  for (const peer of rooms.get(room) ?? []) {
    if (peer !== sender && peer.readyState === peer.OPEN) peer.send(data, { binary: true })
  }
}

const port = Number(process.env.RELAY_PORT ?? '0')
const host = process.env.RELAY_HOST ?? '127.0.0.1'
const server = http.createServer((_request, response) => response.writeHead(404).end())
const wss = new WebSocketServer({ server })

wss.on('connection', (socket, request) => {
  const room = (request.url ?? '/').split('?', 1)[0]
  join(room, socket)
  socket.on('message', (data, isBinary) => forward(room, socket, data, isBinary))
  socket.on('close', () => leave(room, socket))
  socket.on('error', () => socket.terminate())
})

server.listen(port, host, () => {
  const address = server.address()
  process.stdout.write(`relay listening on ${typeof address === 'object' && address ? address.port : port}\n`)
})

const stop = () => {
  for (const socket of wss.clients) socket.terminate()
  server.close(() => process.exit(0))
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)

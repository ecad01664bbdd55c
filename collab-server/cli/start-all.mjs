#!/usr/bin/env node
// Starts the collab server and the Next.js app together; one Ctrl-C (or SIGTERM) stops both.
// Children are stopped by their own pid, never by name. `--dev` runs `next dev` instead of `next start`.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const dev = process.argv.includes('--dev')
const env = {
  ...process.env,
  PORT: process.env.PORT ?? '3000',
  COLLAB_PORT: process.env.COLLAB_PORT ?? '1234',
  DATA_DIR: process.env.DATA_DIR ?? './data',
}

const children = []
let stopping = false

function run(name, command, args) {
  // detached: each child leads its own process group, so stopping it also stops what it spawned
  // (next start forks next-server) without ever signalling processes by name.
  const child = spawn(command, args, { cwd: root, env, stdio: 'inherit', detached: true })
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[spanwise] ${name} exited (${signal ?? code}); stopping everything`)
      stop(typeof code === 'number' && code !== 0 ? code : 1)
    }
  })
  children.push(child)
  return child
}

function stop(exitCode = 0) {
  if (stopping) return
  stopping = true
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        /* already gone */
      }
    }
  }
  const deadline = setTimeout(() => {
    for (const child of children) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        /* already gone */
      }
    }
    process.exit(exitCode)
  }, 5000)
  deadline.unref()
  Promise.all(children.map((child) => (child.exitCode !== null || child.signalCode !== null ? null : new Promise((r) => child.on('exit', r))))).then(
    () => process.exit(exitCode),
  )
}

process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

run('collab server', bin('tsx'), ['collab-server/main.ts'])
run('app', bin('next'), [dev ? 'dev' : 'start', '--port', env.PORT])
console.log(`[spanwise] app on http://localhost:${env.PORT}  collab server on ws://localhost:${env.COLLAB_PORT}  data in ${env.DATA_DIR}`)

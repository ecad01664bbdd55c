#!/usr/bin/env node
// Starts the collab server and the Next.js app together; one Ctrl-C (or SIGTERM) stops both.
// Children are stopped by their own pid, never by name. `--dev` runs `next dev` instead of `next start`.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
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
  Promise.all(children.map((child) => (child.exitCode !== null || child.signalCode !== null ? null : new Promise((r) => child.on('exit', r))))).then(() => process.exit(exitCode))
}

process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

/** Newest modification time of the server's sources (collab-server/ and editor/, without dist/). */
function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'dist' && entry.name !== 'node_modules') newest = Math.max(newest, newestSource(path))
    } else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

// `npm run build` bundles the server into plain JavaScript (less memory, faster start than
// transpiling on the fly); without a bundle, or with one older than the sources, run the sources.
const bundle = join(root, 'collab-server', 'dist', 'main.mjs')
const bundleFresh = !dev && existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'collab-server')), newestSource(join(root, 'editor')))
if (bundleFresh) run('collab server', process.execPath, [bundle])
else run('collab server', bin('tsx'), ['collab-server/main.ts'])
run('app', bin('next'), [dev ? 'dev' : 'start', '--port', env.PORT])
console.log(`[spanwise] app on http://localhost:${env.PORT}  collab server on ws://localhost:${env.COLLAB_PORT}  data in ${env.DATA_DIR}`)

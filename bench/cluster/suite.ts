/**
 * The multi-instance benchmark (issue 15): 1, 2 and 3 collab-server instances, each its own
 * process, on one PostgreSQL and one Redis that the suite starts (and, as the baseline, one
 * instance on plain SQLite without Redis); the clients of each document spread round-robin over
 * the instances, 2 writers per document typing at a steady rate. Fan-out latency with same- and
 * cross-instance deliveries apart, and each instance's CPU and memory.
 */
import path from 'node:path'
import { createDatabase, startBenchPostgres, startRedisServer, type BenchPostgres } from '../lib/backing-services'
import { ratio, target, type BenchContext, type BenchSuite, type Cell, type SuiteReport, type Table, type TargetCheck } from '../lib/report'
import { bundleServers } from '../fanout/servers'
import { runCluster, type ClusterRunResult, type ClusterShape } from './cluster-run'

interface Size {
  readonly rooms: number
  readonly clientsPerRoom: number
}

/** 12 clients per document: 12, 6 or 4 on each of 1, 2 or 3 instances. */
const FULL_SIZES: readonly Size[] = [
  { rooms: 1, clientsPerRoom: 12 },
  { rooms: 10, clientsPerRoom: 12 },
]
const QUICK_SIZES: readonly Size[] = [{ rooms: 1, clientsPerRoom: 6 }]

const WRITERS_PER_ROOM = 2
const RATE_PER_WRITER = 5
const GENERATORS = 2
/**
 * Cross-instance p95 ≤ 100 ms: the issue asks that clients on different instances see each other's
 * edits "live"; 100 ms is the usual bound for a change to feel instantaneous, and a tenth of the
 * 1 s the fan-out suite's largest size already spends in CPU contention on this machine.
 */
const CROSS_P95_LIMIT_MS = 100

type Setup = { readonly store: 'sqlite' | 'postgres'; readonly instances: number }
const SETUPS: readonly Setup[] = [
  { store: 'sqlite', instances: 1 },
  { store: 'postgres', instances: 1 },
  { store: 'postgres', instances: 2 },
  { store: 'postgres', instances: 3 },
]

const sizeLabel = (size: Size) => `${size.rooms}×${size.clientsPerRoom}`
const storeLabel = (setup: Setup) => (setup.store === 'sqlite' ? 'SQLite' : 'PostgreSQL + Redis')
const setupLabel = (setup: Setup) => `${setup.store === 'sqlite' ? 'sqlite' : 'pg'}×${setup.instances}`

function shapeOf(size: Size, quick: boolean): ClusterShape {
  return {
    ...size,
    writersPerRoom: Math.min(WRITERS_PER_ROOM, size.clientsPerRoom),
    ratePerWriter: RATE_PER_WRITER,
    windowMs: quick ? 3_000 : 10_000,
    drainTimeoutMs: quick ? 5_000 : 15_000,
    generators: GENERATORS,
  }
}

interface Measured {
  readonly size: Size
  readonly setup: Setup
  readonly result: ClusterRunResult | null
  readonly error: string | null
}

/** One setup at one size: a fresh database and a fresh Redis for the PostgreSQL setups, always dropped and stopped. */
async function measureOne(context: BenchContext, postgres: BenchPostgres, size: Size, setup: Setup, index: number): Promise<Measured> {
  const shape = shapeOf(size, context.quick)
  const prefix = `cluster-${index}-${setup.store}${setup.instances}`
  const dataRoot = path.join(context.workDir, 'cluster', prefix)
  if (setup.store === 'sqlite') {
    return { size, setup, result: await runCluster(setup.instances, { kind: 'sqlite' }, prefix, shape, context.root, dataRoot), error: null }
  }
  const database = await createDatabase(postgres.url)
  try {
    const redis = await startRedisServer()
    try {
      const store = { kind: 'postgres', databaseUrl: database.url, redisUrl: redis.url } as const
      return { size, setup, result: await runCluster(setup.instances, store, prefix, shape, context.root, dataRoot), error: null }
    } finally {
      await redis.dispose()
    }
  } finally {
    await database.drop()
  }
}

const joined = (values: readonly (number | null)[], digits: number) => values.map((value) => (value === null ? 'missing' : value.toFixed(digits))).join(' / ')

function total(values: readonly (number | null)[]): number | null {
  return values.some((value) => value === null) ? null : values.reduce<number>((sum, value) => sum + (value ?? 0), 0)
}

const cpuTotal = (run: ClusterRunResult) => total(run.perInstance.map((instance) => instance.cpuPercent))
const rssTotal = (run: ClusterRunResult) => total(run.perInstance.map((instance) => instance.peakRssMiB))

function latencyRow(entry: Measured): Cell[] {
  const run = entry.result
  const head: Cell[] = [storeLabel(entry.setup), entry.setup.instances, sizeLabel(entry.size)]
  if (!run) return [...head, null, null, null, null, null, null, null, null, null, null, null]
  const cross = run.cross.count > 0
  return [
    ...head,
    run.sent,
    `${run.delivered}/${run.expected}`,
    run.drainMs / 1000,
    run.same.p50,
    run.same.p95,
    run.same.p99,
    cross ? run.cross.p50 : '—',
    cross ? run.cross.p95 : '—',
    cross ? run.cross.p99 : '—',
    run.all.p95,
  ]
}

function resourceRow(entry: Measured): Cell[] {
  const run = entry.result
  const head: Cell[] = [storeLabel(entry.setup), entry.setup.instances, sizeLabel(entry.size)]
  if (!run) return [...head, null, null, null, null, null, null]
  return [
    ...head,
    run.perInstance.map((instance) => instance.clients).join(' / '),
    joined(
      run.perInstance.map((instance) => instance.cpuPercent),
      1,
    ),
    cpuTotal(run),
    joined(
      run.perInstance.map((instance) => instance.idleRssMiB),
      0,
    ),
    joined(
      run.perInstance.map((instance) => instance.peakRssMiB),
      0,
    ),
    rssTotal(run),
  ]
}

function find(results: readonly Measured[], size: Size, store: Setup['store'], instances: number): ClusterRunResult | null {
  return results.find((entry) => entry.size === size && entry.setup.store === store && entry.setup.instances === instances)?.result ?? null
}

function versusRows(results: readonly Measured[], sizes: readonly Size[]): Cell[][] {
  return sizes.flatMap((size) => {
    const one = find(results, size, 'postgres', 1)
    const sqlite = find(results, size, 'sqlite', 1)
    return [1, 2, 3].map((instances) => {
      const run = find(results, size, 'postgres', instances)
      return [
        sizeLabel(size),
        instances,
        ratio(run?.all.p95, one?.all.p95),
        ratio(run?.all.p95, sqlite?.all.p95),
        ratio(run ? cpuTotal(run) : null, one ? cpuTotal(one) : null),
        ratio(run ? cpuTotal(run) : null, sqlite ? cpuTotal(sqlite) : null),
        ratio(run ? rssTotal(run) : null, one ? rssTotal(one) : null),
        ratio(run ? rssTotal(run) : null, sqlite ? rssTotal(sqlite) : null),
      ]
    })
  })
}

function targetsOf(entry: Measured): TargetCheck[] {
  const label = `cluster ${sizeLabel(entry.size)} ${setupLabel(entry.setup)}`
  const run = entry.result
  const checks = [target(`${label}: updates not delivered`, run ? run.expected - run.delivered : null, 0, '')]
  if (entry.setup.instances > 1) checks.push(target(`${label}: cross-instance p95`, run?.cross.p95 ?? null, CROSS_P95_LIMIT_MS, ' ms'))
  return checks
}

async function run(context: BenchContext): Promise<SuiteReport> {
  const sizes = context.quick ? QUICK_SIZES : FULL_SIZES
  context.log('cluster: bundling the Spanwise server…')
  await bundleServers(context.root)
  context.log('cluster: starting PostgreSQL…')
  const postgres = await startBenchPostgres(context.log)
  const results: Measured[] = []
  try {
    for (const size of sizes) {
      for (const setup of SETUPS) {
        context.log(`cluster ${sizeLabel(size)} ${setupLabel(setup)}…`)
        try {
          const measured = await measureOne(context, postgres, size, setup, results.length)
          const run = measured.result
          if (run)
            context.log(
              `cluster ${sizeLabel(size)} ${setupLabel(setup)}: ${run.delivered}/${run.expected} delivered, same p95 ${run.same.p95?.toFixed(2)} ms, cross p95 ${run.cross.p95?.toFixed(2) ?? '—'} ms, CPU ${joined(
                run.perInstance.map((instance) => instance.cpuPercent),
                1,
              )} %`,
            )
          results.push(measured)
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          context.log(`cluster ${sizeLabel(size)} ${setupLabel(setup)} failed: ${message}`)
          results.push({ size, setup, result: null, error: message })
        }
      }
    }
  } finally {
    postgres.stop()
  }

  const shape = shapeOf(sizes[0], context.quick)
  const window = shape.windowMs / 1000
  const latency: Table = {
    title: `Cluster fan-out: ${WRITERS_PER_ROOM} writers per document × ${RATE_PER_WRITER} keystrokes/s, ${window} s window, clients round-robin over the instances; latency = local change → applied at each other client (ms)`,
    columns: [
      'store',
      'instances',
      'docs×clients',
      'updates sent',
      'delivered/expected',
      'drain s',
      'same-instance p50',
      'same p95',
      'same p99',
      'cross-instance p50',
      'cross p95',
      'cross p99',
      'all p95',
    ],
    rows: results.map(latencyRow),
  }
  const resources: Table = {
    title: 'Cluster fan-out: each instance process over the window and the drain (values per instance, in instance order)',
    columns: ['store', 'instances', 'docs×clients', 'clients', 'CPU %', 'CPU % sum', 'idle RSS MB', 'peak RSS MB', 'peak RSS MB sum'],
    rows: results.map(resourceRow),
  }
  const versus: Table = {
    title: 'Cluster fan-out: PostgreSQL + Redis with N instances ÷ 1 instance (PostgreSQL + Redis) and ÷ 1 instance on SQLite',
    columns: ['docs×clients', 'instances', 'all p95 ÷ 1', 'all p95 ÷ SQLite', 'CPU sum ÷ 1', 'CPU sum ÷ SQLite', 'RSS sum ÷ 1', 'RSS sum ÷ SQLite'],
    rows: versusRows(results, sizes),
  }

  const failures = results.filter((entry) => entry.error !== null).map((entry) => `${sizeLabel(entry.size)} ${setupLabel(entry.setup)} failed: ${entry.error}`)
  const lost = results.flatMap((entry) => {
    const run = entry.result
    if (!run || (run.connectFailed === 0 && Object.keys(run.disconnects).length === 0)) return []
    const closes = Object.entries(run.disconnects).map(([cause, count]) => `${count} × ${cause}`)
    return [
      `${sizeLabel(entry.size)} ${setupLabel(entry.setup)}: ${run.connectFailed} clients never connected${run.connectError ? ` (${run.connectError})` : ''}; connections closed during the run: ${closes.join(', ') || 'none'}`,
    ]
  })
  const notes = [
    `Load: R documents × C clients; client c of a document connects to instance c mod N (round-robin), clients 0 and 1 are the writers (so with 2 or 3 instances they sit on instances 0 and 1), each making one keystroke every ${1000 / RATE_PER_WRITER} ms (random phase) for ${window} s — the fan-out suite's keystroke (a character into a Y.Text and a stamp onto a Y.Array, one transaction); the others only read. Every keystroke must reach the C − 1 other clients. Same-instance = the receiver is on the writer's instance (relayed by that instance); cross-instance = on another one (stored in PostgreSQL, XADDed to the document's Redis stream, read by the other instance's blocking XREAD, applied and relayed). "all p95" covers both.`,
    `Instances: \`node collab-server/dist/main.mjs\` (the bundle \`npm start\` runs), each its own process on 127.0.0.1 with its own data directory, AUTH off, default log level; PostgreSQL + Redis = every instance on DATABASE_URL (a fresh database per measurement) and REDIS_URL (a fresh redis-server per measurement); SQLite = one instance, no DATABASE_URL, no REDIS_URL (the server as the fan-out suite runs it, SQLITE_SYNCHRONOUS=normal). Documents created by POST /api/docs on instance 0.`,
    `PostgreSQL (${postgres.version}) is started by the suite on loopback with its durable defaults (fsync on, synchronous_commit on), unlike the tests' (fsync off): each accepted update is committed to disk before any instance relays it. Redis runs without persistence, as in docs/deploy.md. PostgreSQL, Redis, the ${GENERATORS} load generators (the fan-out suite's, y-websocket 3.1 providers) and the instances all share the machine's cores, so CPU contention is in every figure.`,
    `CPU % = the instance's CPU seconds (utime + stime from /proc) over the window and the drain ÷ their wall time, × 100 (100 = one core); "idle RSS" is after start and the documents' creation, before any client; "peak RSS" is VmHWM at the end. PostgreSQL's and Redis's own CPU are not counted.`,
    `Target: cross-instance p95 ≤ ${CROSS_P95_LIMIT_MS} ms with 2 and 3 instances (the issue asks that clients on different instances see each other's edits live; 100 ms is the usual bound for "instant"), and no update lost (the issue's "nothing lost").`,
    ...(context.quick ? ['--quick: smoke-test sizes, figures not meaningful.'] : []),
    ...failures,
    ...lost,
  ]
  return { suite: 'cluster', tables: [latency, resources, versus], targets: results.flatMap(targetsOf), notes, raw: results }
}

export const suite: BenchSuite = { name: 'cluster', run }

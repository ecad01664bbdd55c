import type { Logger } from '../logger'
import type { SaveVersionOutcome } from './document-versions'

/** The longest delay `setTimeout` keeps (2^31 - 1 ms, 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1

/** What {@link AutoVersions} needs: the interval, how to save an automatic version, where to log. */
export interface AutoVersionOptions {
  /** Milliseconds from the first edit after a version to the automatic version; 0: none are made. */
  readonly intervalMs: number
  /** Saves an automatic version of the document's stored state (it skips a state the latest version holds). */
  readonly save: (docId: string) => Promise<SaveVersionOutcome>
  readonly logger: Logger
}

/**
 * Makes automatic versions: `intervalMs` after the first stored edit since the document's last
 * automatic version, one version of the document as stored then — so at most one per interval
 * of editing, none for a document nobody edits, and none when the edits since the latest version
 * cancel out (the save compares the states). Timers are in memory: a server that stops before one
 * is due forgets it, and the next edit starts the interval again.
 */
export class AutoVersions {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()
  private readonly saving = new Set<Promise<void>>()
  private stopped = false

  constructor(private readonly options: AutoVersionOptions) {
    // Beyond 2^31 - 1 ms setTimeout fires at once: a version after every edit (options.ts checks it too).
    if (!(options.intervalMs <= MAX_TIMER_MS)) {
      throw new RangeError(`AutoVersions: intervalMs (AUTO_VERSION_MINUTES) must be at most ${MAX_TIMER_MS} ms, 35791 minutes (got ${options.intervalMs})`)
    }
  }

  /** Notes that an edit of `docId` was stored: starts its interval unless one is running. */
  noteEdit(docId: string): void {
    if (this.options.intervalMs <= 0 || this.stopped || this.timers.has(docId)) return
    const timer = setTimeout(() => this.take(docId), this.options.intervalMs)
    timer.unref?.()
    this.timers.set(docId, timer)
  }

  /** Forgets the pending versions and resolves once the versions being saved are stored. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    await Promise.all(this.saving)
  }

  private take(docId: string): void {
    this.timers.delete(docId)
    const { logger, save } = this.options
    const task = save(docId)
      .then((outcome) => {
        if (outcome.ok) logger.info('version-saved', { docId, number: outcome.added.version.number, kind: 'auto', pruned: outcome.added.pruned.length })
        else logger.info('auto-version-skipped', { docId, reason: outcome.reason, message: outcome.message })
      })
      .catch((error: unknown) => logger.error('auto-version-failed', { docId, error }))
      .finally(() => this.saving.delete(task))
    this.saving.add(task)
  }
}

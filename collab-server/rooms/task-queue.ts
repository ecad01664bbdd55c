/** Tasks run back to back at most this many times before the queue lets other I/O in. */
const TASKS_PER_TURN = 32

/**
 * Runs async tasks one at a time, in the order they were pushed. A failing task is reported to
 * `onError` and does not stop the tasks after it. After every {@link TASKS_PER_TURN} tasks it
 * waits for the next event-loop turn, so a long queue (one room flooded with messages) does not
 * hold back every other socket and room of the server.
 */
export class TaskQueue {
  private tail: Promise<void> = Promise.resolve()
  private sinceYield = 0

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Appends a task; it starts when every earlier task has settled. */
  push(task: () => void | Promise<void>): void {
    this.tail = this.tail
      .then(() => this.yieldSometimes())
      .then(task)
      .catch(this.onError)
  }

  /** Resolves once every task pushed so far has settled. */
  idle(): Promise<void> {
    return this.tail
  }

  private yieldSometimes(): Promise<void> | undefined {
    this.sinceYield += 1
    if (this.sinceYield < TASKS_PER_TURN) return undefined
    this.sinceYield = 0
    return new Promise((resolve) => setImmediate(resolve))
  }
}

/**
 * Runs async tasks one at a time, in the order they were pushed. A failing task is reported to
 * `onError` and does not stop the tasks after it.
 */
export class TaskQueue {
  private tail: Promise<void> = Promise.resolve()

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Appends a task; it starts when every earlier task has settled. */
  push(task: () => void | Promise<void>): void {
    this.tail = this.tail.then(task).catch(this.onError)
  }

  /** Resolves once every task pushed so far has settled. */
  idle(): Promise<void> {
    return this.tail
  }
}

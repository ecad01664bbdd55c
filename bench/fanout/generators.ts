/**
 * The suite's side of the load-generator processes: spawning them with an IPC channel, and
 * asking each one a question and waiting for its answer.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import type { FromGenerator, ToGenerator } from './messages'

type Answer<T extends FromGenerator['type']> = Extract<FromGenerator, { type: T }>

/** One load-generator process. */
export class Generator {
  private readonly waiting = new Map<string, (message: FromGenerator) => void>()
  private exited: string | null = null

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: FromGenerator) => {
      const resolve = this.waiting.get(message.type)
      this.waiting.delete(message.type)
      resolve?.(message)
    })
    child.on('exit', (code, signal) => {
      this.exited = `load generator exited (code ${code}, signal ${signal})`
    })
  }

  /** Starts `bench/fanout/load-process.ts` under tsx; resolves once it listens for messages. */
  static async start(root: string, timeoutMs: number): Promise<Generator> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'fanout', 'load-process.ts')], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    })
    const generator = new Generator(child)
    try {
      await generator.expect('hello', timeoutMs)
    } catch (error) {
      generator.kill()
      throw error
    }
    return generator
  }

  get pid(): number | null {
    return this.child.pid ?? null
  }

  send(message: ToGenerator): void {
    if (this.exited) throw new Error(this.exited)
    this.child.send(message)
  }

  /** Sends `message` and waits for the answer of type `answer`, at most `timeoutMs`. */
  async ask<T extends FromGenerator['type']>(message: ToGenerator, answer: T, timeoutMs: number): Promise<Answer<T>> {
    const reply = this.expect(answer, timeoutMs, message.type)
    try {
      this.send(message)
    } catch (error) {
      this.waiting.delete(answer)
      reply.catch(() => undefined)
      throw error
    }
    return reply
  }

  /** Waits for the next message of type `answer`, at most `timeoutMs`. */
  private expect<T extends FromGenerator['type']>(answer: T, timeoutMs: number, question = 'start'): Promise<Answer<T>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(answer)
        reject(new Error(this.exited ?? `load generator did not answer ${question} within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiting.set(answer, (reply) => {
        clearTimeout(timer)
        resolve(reply as Answer<T>)
      })
    })
  }

  /** Ends the process (it exits on its own after `finish`; this is the fallback). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }
}

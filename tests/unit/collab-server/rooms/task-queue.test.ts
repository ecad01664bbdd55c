import { describe, expect, it } from 'vitest'
import { TaskQueue } from '../../../../collab-server/rooms/task-queue'

describe('TaskQueue', () => {
  it('runs tasks in order and lets other I/O in during a long queue', async () => {
    const log: string[] = []
    const errors: unknown[] = []
    const queue = new TaskQueue((error) => errors.push(error))
    for (let index = 0; index < 100; index++) {
      queue.push(() => {
        log.push(`task ${index}`)
        if (index === 50) throw new Error('task 50 failed')
      })
    }
    setImmediate(() => log.push('other I/O'))
    await queue.idle()
    expect(log.filter((entry) => entry.startsWith('task'))).toEqual(Array.from({ length: 100 }, (_, index) => `task ${index}`))
    expect(log.indexOf('other I/O')).toBeGreaterThan(0)
    expect(log.indexOf('other I/O')).toBeLessThan(log.indexOf('task 99'))
    expect(errors).toEqual([new Error('task 50 failed')])
  })
})

import { Mapping, StepMap } from 'prosemirror-transform'
import { describe, expect, it } from 'vitest'
import { blockInRange, DRAW_MARGIN, initialDrawnRange, mapDrawnRange, rangeAround, servesVisible } from '../../../../editor/plugins/drawn-range'

describe('drawn range', () => {
  it('draws the visible positions and a margin on each side, clamped to the document', () => {
    expect(rangeAround({ from: 100_000, to: 103_000 }, 500_000)).toEqual({ from: 100_000 - DRAW_MARGIN, to: 103_000 + DRAW_MARGIN })
    expect(rangeAround({ from: 1_000, to: 4_000 }, 500_000)).toEqual({ from: 0, to: 4_000 + DRAW_MARGIN })
    expect(rangeAround({ from: 495_000, to: 499_000 }, 500_000)).toEqual({ from: 495_000 - DRAW_MARGIN, to: 500_000 })
    // A very tall window (zoomed out) gets a margin as large as what it shows.
    expect(rangeAround({ from: 100_000, to: 160_000 }, 500_000)).toEqual({ from: 40_000, to: 220_000 })
  })

  it('starts with the top of the document: more than the whole seed article (10,772 characters)', () => {
    expect(initialDrawnRange()).toEqual({ from: 0, to: 2 * DRAW_MARGIN })
    expect(initialDrawnRange().to).toBeGreaterThan(11_000)
  })

  it('serves the visible text while half a margin is left around it, or the document ends', () => {
    const drawn = rangeAround({ from: 100_000, to: 103_000 }, 500_000)
    expect(servesVisible(drawn, { from: 100_000, to: 103_000 }, 500_000)).toBe(true)
    expect(servesVisible(drawn, { from: 100_000 - DRAW_MARGIN / 2, to: 103_000 }, 500_000)).toBe(true)
    expect(servesVisible(drawn, { from: 100_000 - DRAW_MARGIN / 2 - 1, to: 103_000 }, 500_000)).toBe(false)
    expect(servesVisible(drawn, { from: 100_000, to: 103_000 + DRAW_MARGIN / 2 + 1 }, 500_000)).toBe(false)
    expect(servesVisible(drawn, { from: 300_000, to: 303_000 }, 500_000)).toBe(false)
    // At the ends of the document there is nothing more to draw.
    expect(servesVisible({ from: 0, to: 30_000 }, { from: 0, to: 3_000 }, 500_000)).toBe(true)
    expect(servesVisible({ from: 470_000, to: 500_000 }, { from: 497_000, to: 500_000 }, 500_000)).toBe(true)
    expect(servesVisible({ from: 0, to: 12_000 }, { from: 0, to: 12_000 }, 12_000)).toBe(true)
  })

  it('maps through edits: text inserted at its edges stays inside', () => {
    const range = { from: 100, to: 200 }
    expect(mapDrawnRange(range, new Mapping([new StepMap([100, 0, 5])]))).toEqual({ from: 100, to: 205 })
    expect(mapDrawnRange(range, new Mapping([new StepMap([200, 0, 5])]))).toEqual({ from: 100, to: 205 })
    expect(mapDrawnRange(range, new Mapping([new StepMap([10, 5, 0])]))).toEqual({ from: 95, to: 195 })
    expect(mapDrawnRange(range, new Mapping([new StepMap([300, 0, 5])]))).toBe(range)
  })

  it('counts a block as drawn when any part of it is in the range', () => {
    expect(blockInRange({ from: 100, to: 200 }, 90, 10)).toBe(true)
    expect(blockInRange({ from: 100, to: 200 }, 89, 10)).toBe(false)
    expect(blockInRange({ from: 100, to: 200 }, 200, 10)).toBe(true)
    expect(blockInRange({ from: 100, to: 200 }, 201, 10)).toBe(false)
    expect(blockInRange({ from: 100, to: 200 }, 0, 1000)).toBe(true)
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TYPE_COLORS } from '../../../../editor/model/annotation-labels'
import { parseStoredIdentity, personColor, pickColor, USER_COLORS } from '../../../../editor/user/identity'

const typeColors = Object.values(TYPE_COLORS).map((color) => color.toLowerCase())

describe('people\u2019s colours', () => {
  it('are never an annotation type\u2019s colour, and those are the highlight colours of the stylesheet', () => {
    expect(USER_COLORS.filter((color) => typeColors.includes(color.toLowerCase()))).toEqual([])
    const css = readFileSync(join(process.cwd(), 'app', 'globals.css'), 'utf8')
    for (const [type, color] of Object.entries(TYPE_COLORS)) expect(css, type).toContain(`--${type}: ${color.toLowerCase()};`)
    for (let seed = 0; seed < 20; seed++) expect(typeColors).not.toContain(pickColor(seed).toLowerCase())
  })

  it('carry white names at a contrast of at least 4.5:1', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    for (const color of USER_COLORS) expect(1.05 / (luminance(color) + 0.05), color).toBeGreaterThanOrEqual(4.5)
  })

  it('swaps a type colour (stored before, or sent by another client) for a palette colour, and keeps any other', () => {
    expect(personColor('#0072B2')).toBe(USER_COLORS[0])
    expect(personColor('#e69f00')).toBe(USER_COLORS[1])
    expect(personColor('#CC79A7')).toBe(USER_COLORS[2])
    expect(personColor('#123456')).toBe('#123456')
    expect(parseStoredIdentity(JSON.stringify({ id: 'u', name: 'Ada', color: '#0072B2' }))).toEqual({ id: 'u', name: 'Ada', color: USER_COLORS[0] })
    expect(parseStoredIdentity(JSON.stringify({ id: 'u', name: 'Ada', color: '#123456' }))).toEqual({ id: 'u', name: 'Ada', color: '#123456' })
  })
})

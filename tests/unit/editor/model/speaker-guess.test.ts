import { describe, expect, it } from 'vitest'
import { guessSpeaker } from '../../../../editor/model/speaker-guess'

describe('guessSpeaker on the seed article', () => {
  const cases: Array<[string, string | null]> = [
    ['In 2011, Putin said: "', 'Putin'],
    ['In 2006, Vladimir Zhirinovsky visiting as part of a government delegation said that "', 'Vladimir Zhirinovsky'],
    ['Pro-Israel Vladimir Putin was elected in 2001 as was the more pro-Russian Ariel Sharon, who described Putin as "', 'Ariel Sharon'],
    ['During Operation Protective Edge in 2014, Putin stated that "', 'Putin'],
    ['In a meeting with Netanyahu in June 2016, Putin described Israel and Russia as "', 'Putin'],
    ['In March 2016, Putin said the relations with Israel were special and based "on friendship, mutual understanding and the long common history". Putin stated: "', 'Putin'],
    ['The relationship between Israel and Russia saw little improvement "', null],
    ['He said that "', null],
    ['In 2011, he said "', null],
    ['', null],
  ]
  for (const [text, speaker] of cases) {
    it(`${JSON.stringify(text.slice(-60))} → ${speaker}`, () => {
      expect(guessSpeaker(text)).toBe(speaker)
    })
  }

  it('looks only at the last sentence', () => {
    expect(guessSpeaker('Putin said so. The crowd was "')).toBeNull()
  })

  it('takes the name before the last speech verb', () => {
    expect(guessSpeaker('Lavrov said that Netanyahu stated "')).toBe('Netanyahu')
  })
})

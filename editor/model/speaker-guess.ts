const SPEECH_VERB = /\b(said|says|stated|states|described|describes)\b/g
const NAME = /(?<![\p{L}'’-])(?:\p{Lu}[\p{L}'’-]*\.?\s+){0,3}\p{Lu}[\p{L}'’-]+/gu
const NOT_NAMES = new Set(['In', 'On', 'At', 'During', 'The', 'A', 'An', 'After', 'Before', 'When', 'While', 'However', 'He', 'She', 'They', 'It', 'We', 'I'])

function lastNameIn(clause: string): string | null {
  let found: string | null = null
  for (const match of clause.matchAll(NAME)) {
    const words = match[0]
      .trim()
      .split(/\s+/)
      .filter((word) => !NOT_NAMES.has(word))
    if (words.length > 0) found = words.join(' ')
  }
  return found
}

/**
 * Guesses who is quoted: in the text of the block before the quote, finds the last "said",
 * "stated" or "described" of the last sentence and takes the nearest capitalised name before it
 * ("In 2011, Putin said: …" → "Putin"). A simple rule; the user can always edit the speaker.
 * Returns null when the sentence names no one that way.
 */
export function guessSpeaker(textBeforeQuote: string): string | null {
  const sentence = textBeforeQuote.slice(textBeforeQuote.search(/[^.!?]*$/))
  let verbIndex = -1
  for (const match of sentence.matchAll(SPEECH_VERB)) verbIndex = match.index ?? -1
  if (verbIndex < 0) return null
  return lastNameIn(sentence.slice(0, verbIndex))
}

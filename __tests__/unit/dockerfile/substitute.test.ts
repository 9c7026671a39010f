import { describe, expect, it } from '@jest/globals'
import { substitute } from '../../../src/dockerfile/substitute.js'

describe('substitute', () => {
  const vars = new Map([
    ['SET', 'value'],
    ['EMPTY', '']
  ])
  it.each([
    ['$SET-x', 'value-x'],
    ['${SET}x', 'valuex'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${SET:+alt}', 'alt'],
    ['${MISSING:+alt}', ''],
    ['${MISSING+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['\\$SET', '$SET'],
    ['${MISSING:-${SET}}', 'value'],
    ['cost: $', 'cost: $']
  ])('%s → %s', (text, expected) => {
    expect(substitute(text, vars)).toBe(expected)
  })
})

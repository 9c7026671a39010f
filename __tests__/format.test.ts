import { describe, expect, it } from '@jest/globals'
import { code, escapeText, formatBytes, formatDuration, shorten } from '../src/report/format.js'

describe('format', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [41_200_000, '41.2 MB'],
    [163_900_000, '164 MB'],
    [-22_700_000, '-22.7 MB'],
    [1_500_000_000, '1.5 GB']
  ])('formatBytes(%d) is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  it('formats durations', () => {
    expect(formatDuration(1234)).toBe('1.2 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
  })

  it('makes untrusted text inert', () => {
    expect(escapeText('<img src=x> | *bold* [link](x) `tick`\nnext')).toBe(
      '&lt;img src=x&gt; &#124; \\*bold\\* \\[link\\](x) \\`tick\\` next'
    )
    expect(code('a|b <c>')).toBe('<code>a&#124;b &lt;c&gt;</code>')
  })

  it('shortens on character boundaries', () => {
    expect(shorten('abcdef', 4)).toBe('abc…')
    expect(shorten('🐳🐳🐳', 2)).toBe('🐳…')
    expect(shorten('ab', 4)).toBe('ab')
  })
})

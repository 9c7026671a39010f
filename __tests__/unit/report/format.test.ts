import { describe, expect, it } from '@jest/globals'
import {
  code,
  escapeText,
  formatBytes,
  formatDuration,
  shorten,
  textWithCode
} from '../../../src/report/format.js'

describe('format', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [41_200_000, '41.2 MB'],
    [163_900_000, '164 MB'],
    [-22_700_000, '-22.7 MB'],
    [1_500_000_000, '1.5 GB'],
    [999_999, '1.0 MB'],
    [99_960_000, '100 MB'],
    [99_940_000, '99.9 MB'],
    [999_500, '1.0 MB']
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
    // Inline HTML still reads markdown: *, _, ` and [ ] become entities inside code.
    expect(code('COPY *.js [x] _y_ `z`')).toBe(
      '<code>COPY &#42;.js &#91;x&#93; &#95;y&#95; &#96;z&#96;</code>'
    )
    expect(textWithCode('use `apk add --no-cache` for *speed*')).toBe(
      'use <code>apk add --no-cache</code> for \\*speed\\*'
    )
  })

  it('shortens on character boundaries', () => {
    expect(shorten('abcdef', 4)).toBe('abc…')
    expect(shorten('🐳🐳🐳', 2)).toBe('🐳…')
    expect(shorten('ab', 4)).toBe('ab')
  })
})

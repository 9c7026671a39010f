import { describe, expect, it } from '@jest/globals'
import {
  increaseProblem,
  parseIncreaseLimit,
  parseSize,
  sizeProblem
} from '../../../src/report/limits.js'

describe('limits', () => {
  it.each([
    ['150MB', 150_000_000],
    ['150 MB', 150_000_000],
    ['1.5GB', 1_500_000_000],
    ['512kB', 512_000],
    ['64KiB', 65_536],
    ['2MiB', 2_097_152],
    ['1GiB', 1_073_741_824],
    ['900B', 900],
    // Docker's flags read a bare k, M, G as binary: --shm-size 64m is 64 MiB.
    ['64m', 67_108_864],
    ['5M', 5_242_880],
    ['10k', 10_240],
    ['2G', 2_147_483_648],
    ['1.5 Gi', 1_610_612_736],
    ['900', undefined],
    ['lots', undefined],
    ['5 parsecs', undefined],
    ['5MiBs', undefined]
  ])('parseSize(%s) is %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  it('refuses a bare number with both readings, and names the units', () => {
    expect(sizeProblem('150')).toBe(
      'has no unit; expected a size with its unit, like 150MB or 150MiB'
    )
    expect(increaseProblem('10')).toBe(
      'has no unit on 10; expected a percent or a size, like 10% or 10MB'
    )
    expect(increaseProblem('10%, 5')).toMatch(/^has no unit on 5; .* 5% or 5MB$/)
    expect(sizeProblem('lots')).toMatch(/^is not a size; expected a number with kB, MB, GB .* KiB/)
    expect(parseIncreaseLimit('10')).toBeUndefined()
  })

  it('parses max-increase in either order', () => {
    expect(parseIncreaseLimit('10%, 5MB')).toEqual({ percent: 10, bytes: 5_000_000 })
    expect(parseIncreaseLimit('5MB,10%')).toEqual({ percent: 10, bytes: 5_000_000 })
    expect(parseIncreaseLimit('2.5%')).toEqual({ percent: 2.5 })
    expect(parseIncreaseLimit('10%, 20%')).toBeUndefined()
    expect(parseIncreaseLimit('ten')).toBeUndefined()
  })
})

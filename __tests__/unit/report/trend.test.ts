import { describe, expect, it } from '@jest/globals'
import { compareTargets } from '../../../src/report/compare.js'
import { carriedTrend, TREND_LENGTH, trendDetails, trendPoint } from '../../../src/report/trend.js'
import type { ImageReport } from '../../../src/report/types.js'
import { plainComment, sampleReport } from '../../helpers/reports.js'

const MB = 1_000_000

/** main's report of `commit`, pushed after `previous`, as recordBaselines carries it. */
function pushed(commit: string, compressedBytes: number, previous?: ImageReport): ImageReport {
  const report = sampleReport({ commit, compressedBytes, estimatedBytes: compressedBytes })
  return { ...report, trend: carriedTrend(previous, commit) }
}

describe('the trend a push carries', () => {
  it("is the previous report's trend and that report, oldest first", () => {
    const first = pushed('c1', 40 * MB)
    const second = pushed('c2', 41 * MB, first)
    const third = pushed('c3', 42 * MB, second)
    expect(first.trend).toEqual([])
    expect(third.trend.map(point => [point.commit, point.compressedBytes])).toEqual([
      ['c1', 40 * MB],
      ['c2', 41 * MB]
    ])
  })

  it(`keeps the last ${TREND_LENGTH}, the day's last before them, and a re-run of a commit replaces its point`, () => {
    let report = pushed('c0', MB)
    for (let index = 1; index <= 40; index++) report = pushed(`c${index}`, MB + index, report)
    // All on one day: the ten before the last TREND_LENGTH thin to that day's last.
    expect(report.trend.map(point => point.commit)).toEqual(
      Array.from({ length: TREND_LENGTH + 1 }, (_, index) => `c${index + 9}`)
    )
    const rerun = pushed('c40', MB, report)
    expect(rerun.trend.map(point => point.commit)).not.toContain('c40')
    expect(rerun.trend.slice(-TREND_LENGTH).at(-1)?.commit).toBe('c39')
  })
})

describe('the trend chart in the comment', () => {
  const main = [40, 41, 42].reduce<ImageReport | undefined>(
    (previous, size, index) => pushed(`${index + 1}`.repeat(40), size * MB, previous),
    undefined
  ) as ImageReport
  const pr = sampleReport({
    commit: 'f'.repeat(40),
    compressedBytes: 63.9 * MB,
    estimatedBytes: 63.9 * MB
  })

  it("draws main's three reports and the PR's point, folded", () => {
    const [comparison] = compareTargets([pr], [main])
    const lines = trendDetails(comparison, 'compressed', 'main')
    expect(lines[0]).toBe(
      '<details><summary>production: main over its last 3 reports, and this PR</summary>'
    )
    const chart = lines.join('\n')
    expect(chart).toContain('```mermaid\nxychart-beta\n')
    expect(chart).toContain('x-axis ["1111111", "2222222", "3333333", "this PR"]')
    expect(chart).toContain('line [40, 41, 42, 63.9]')
    expect(chart).toContain('bar [0, 0, 0, 63.9]')
    expect(chart).toContain('y-axis "MB"')
    expect(plainComment([comparison])).toContain(chart)
  })

  it('is left out until main has two reports', () => {
    const [comparison] = compareTargets([pr], [pushed('c1', 40 * MB)])
    expect(trendDetails(comparison, 'compressed', 'main')).toEqual([])
  })

  it("keeps what a report says out of the chart's syntax", () => {
    const hostile = {
      ...main,
      target: 'x"]\n```\n<b>',
      trend: main.trend.map(point => ({ ...point, commit: '"] ```' }))
    }
    const [comparison] = compareTargets(
      [{ ...pr, target: hostile.target, identity: hostile.identity }],
      [hostile]
    )
    const chart = trendDetails(comparison, 'uncompressed', 'main').join('\n')
    expect(chart.match(/```/g)).toHaveLength(2)
    expect(chart).toContain('title "x________b_, uncompressed size (MB)"')
    expect(chart).not.toContain('<b>')
    expect(trendPoint(pr).uncompressedBytes).toBe(pr.uncompressedBytes)
  })
})

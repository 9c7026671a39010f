import { describe, expect, it } from '@jest/globals'
import { compareTargets } from '../../../src/report/compare.js'
import { judge } from '../../../src/report/gate.js'
import { growthProblem, parseGrowthLimit } from '../../../src/report/limits.js'
import { parseReport } from '../../../src/report/parse.js'
import {
  carriedTrend,
  creepOf,
  HISTORY_DAYS,
  TREND_LENGTH,
  trendDetails
} from '../../../src/report/trend.js'
import type { ImageReport } from '../../../src/report/types.js'
import { sampleReport } from '../../helpers/reports.js'

const MB = 1_000_000
const DAY = 24 * 60 * 60 * 1000
const START = Date.parse('2026-10-01T00:00:00.000Z')

/**
 * main's history as the cache keeps it: `perDay` pushes a day for `days` days, each
 * report carrying the one before's history (through JSON, as the cache stores it).
 */
function mainHistory(days: number, perDay: number, size: (day: number) => number): ImageReport {
  let previous: ImageReport | undefined
  for (let day = 0; day < days; day++)
    for (let push = 0; push < perDay; push++) {
      const createdAt = new Date(START + day * DAY + push * (DAY / perDay)).toISOString()
      const commit = `${day}-${push}`.padEnd(40, '0')
      const bytes = size(day)
      const report = sampleReport({
        commit,
        createdAt,
        compressedBytes: bytes,
        estimatedBytes: bytes
      })
      const stored = JSON.stringify({ ...report, trend: carriedTrend(previous, commit) })
      const parsed = parseReport(stored)
      if (!parsed.ok) throw new Error(parsed.problem)
      previous = parsed.value
    }
  return previous as ImageReport
}

/** A PR built at `day`, of `bytes`. */
const pullRequest = (day: number, bytes: number): ImageReport =>
  sampleReport({
    commit: 'f'.repeat(40),
    createdAt: new Date(START + day * DAY).toISOString(),
    compressedBytes: bytes,
    estimatedBytes: bytes
  })

describe('max-growth: creep against the base branch a while ago', () => {
  // 40 days of main, three pushes a day, growing 0.4% a day from 100 MB.
  const main = mainHistory(40, 3, day => Math.round(100 * MB * (1 + 0.004 * day)))

  it(`keeps the last ${TREND_LENGTH} reports and one a day before them`, () => {
    const days = main.trend.map(point => point.createdAt.slice(0, 10))
    expect(new Set(days).size).toBeGreaterThanOrEqual(39)
    expect(main.trend.length).toBeLessThan(TREND_LENGTH + 40)
    expect(main.trend[0].createdAt.slice(0, 10)).toBe('2026-10-01')
  })

  it('fails a PR within its per-PR limit but 12% above main 30 days ago', () => {
    // main's last report 30 days before day 40 is day 9's last, 103.6 MB; 12% above it.
    const head = pullRequest(40, Math.round(103.6 * MB * 1.12))
    const [comparison] = compareTargets([head], [main])
    const verdict = judge(comparison, {
      metric: 'compressed',
      maxIncrease: { percent: 5 },
      maxGrowth: parseGrowthLimit('10% in 30d')
    })
    expect(verdict.exceeded).toBe(true)
    expect(verdict.sentence).toContain('grew by 432 kB (+0.4%), within the max-increase of 5%')
    expect(verdict.sentence).toContain(
      "since the base branch's report of 2026-10-10 (9-20000, 30 days before) it changed by +12.4 MB (+12.0%), over the max-growth of 10% in 30 days"
    )
    const chart = trendDetails(comparison, 'compressed', 'main', parseGrowthLimit('10% in 30d'))
    expect(chart[0]).toContain('(the flat line: its max-growth)')
    expect(chart.join('\n')).toMatch(/line \[(113\.96, )+113\.96\]/)
  })

  it('keeps the same figures for the report file: the report it starts from, its age, both sizes', () => {
    const head = pullRequest(40, Math.round(103.6 * MB * 1.12))
    const creep = creepOf(main, head, 30, false)
    expect(creep).toMatchObject({
      days: 30,
      reachesBack: true,
      age: 30,
      from: { createdAt: '2026-10-10T16:00:00.000Z', compressedBytes: 103.6 * MB }
    })
    expect(creep?.compressed.percent).toBeCloseTo(12, 3)
    expect(creepOf(sampleReport(), head, 30, false)?.reachesBack).toBe(false)
  })

  it('passes a PR within both', () => {
    const [comparison] = compareTargets([pullRequest(40, 113 * MB)], [main])
    const verdict = judge(comparison, {
      metric: 'compressed',
      maxGrowth: parseGrowthLimit('10% in 30d')
    })
    expect(verdict.exceeded).toBe(false)
    expect(verdict.sentence).toContain('within the max-growth of 10% in 30 days')
  })

  it('takes the oldest report where the history is shorter, and says so', () => {
    const young = mainHistory(5, 2, () => 100 * MB)
    const [comparison] = compareTargets([pullRequest(5, 120 * MB)], [young])
    const verdict = judge(comparison, {
      metric: 'compressed',
      maxGrowth: parseGrowthLimit('10% in 30d')
    })
    expect(verdict.exceeded).toBe(true)
    expect(verdict.sentence).toContain(
      "since the base branch's oldest report of 2026-10-01 (0-00000, 5 days before; its history is shorter than 30 days)"
    )
  })

  it(`lets go of reports older than ${HISTORY_DAYS} days`, () => {
    const long = mainHistory(HISTORY_DAYS + 20, 1, () => 100 * MB)
    const span =
      Date.parse(long.trend.at(-1)?.createdAt ?? '') - Date.parse(long.trend[0].createdAt)
    expect(span).toBeLessThanOrEqual(HISTORY_DAYS * DAY)
    expect(span).toBeGreaterThan((HISTORY_DAYS - 2) * DAY)
  })
})

describe('the max-growth limit as written', () => {
  it.each([
    ['20% in 30d', { limit: { percent: 20 }, days: 30 }],
    ['10%, 50MB in 4w', { limit: { percent: 10, bytes: 50 * MB }, days: 28 }],
    ['5MB in 1D', { limit: { bytes: 5 * MB }, days: 1 }]
  ])('reads %s', (text, limit) => expect(parseGrowthLimit(text)).toEqual(limit))

  it.each([
    ['20%', /^is not a growth limit; expected .* like 20% in 30d/],
    ['20% in 0d', /^is not a growth limit/],
    ['20 in 30d', /^has no unit on 20; expected a percent or a size, like 20% or 20MB/],
    ['20% in 30 days', /^is not a growth limit/]
  ])('refuses %s, saying what it expects', (text, problem) => {
    expect(parseGrowthLimit(text)).toBeUndefined()
    expect(growthProblem(text)).toMatch(problem)
  })
})

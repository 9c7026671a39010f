import type { SizeMetric, TargetComparison } from './compare.js'
import { htmlText } from './format.js'
import { ceilingOf, type GrowthLimit } from './limits.js'
import { type SizeChange, sizeChange } from './size-change.js'
import type { Creep, ImageReport, TrendPoint } from './types.js'

/** How many of the latest earlier reports a push's report carries, each of them; the chart draws them. */
export const TREND_LENGTH = 30
/**
 * How far back the history reaches, for max-growth: beyond the latest TREND_LENGTH,
 * one report a day (the day's last) for this many days.
 */
export const HISTORY_DAYS = 120
const DAY_MS = 24 * 60 * 60 * 1000

export function trendPoint(report: ImageReport): TrendPoint {
  return {
    commit: report.commit ?? '',
    createdAt: report.createdAt,
    compressedBytes: report.compressedBytes,
    estimatedBytes: report.estimatedBytes,
    uncompressedBytes: report.uncompressedBytes
  }
}

const dayOf = (point: TrendPoint): string => point.createdAt.slice(0, 10)

/** Older points thinned to each day's last, none beyond HISTORY_DAYS before `newest`. */
function thinned(points: TrendPoint[], newest: TrendPoint): TrendPoint[] {
  const since = Date.parse(newest.createdAt) - HISTORY_DAYS * DAY_MS
  return points.filter(
    (point, index) =>
      Date.parse(point.createdAt) >= since &&
      (index === points.length - 1 || dayOf(points[index + 1]) !== dayOf(point))
  )
}

/**
 * The history a push's report carries: the branch's previous report's and that
 * report itself; the last TREND_LENGTH of them all, and before them one a day for
 * HISTORY_DAYS. A re-run of the same commit replaces its own point.
 */
export function carriedTrend(previous: ImageReport | undefined, commit: string): TrendPoint[] {
  if (!previous) return []
  const points = [...previous.trend, trendPoint(previous)].filter(point => point.commit !== commit)
  const latest = points.slice(-TREND_LENGTH)
  const older = points.slice(0, -TREND_LENGTH)
  return older.length > 0 ? [...thinned(older, points[points.length - 1]), ...latest] : latest
}

/** The base's report and its history, oldest first. */
const historyOf = (base: ImageReport): TrendPoint[] => [...base.trend, trendPoint(base)]

/**
 * The history's report from `days` before `at`: the newest one at least that old,
 * else (a shorter history) the oldest, which `reachesBack` says is not that old.
 */
function reportBefore(
  history: TrendPoint[],
  at: string,
  days: number
): { point: TrendPoint; reachesBack: boolean } | undefined {
  const cutoff = Date.parse(at) - days * DAY_MS
  const old = history.filter(point => Date.parse(point.createdAt) <= cutoff)
  if (old.length > 0) return { point: old[old.length - 1], reachesBack: true }
  return history.length > 0 ? { point: history[0], reachesBack: false } : undefined
}

/**
 * The head against the base branch's report from `days` before it (the head's own
 * time), from the history the base's report carries: the newest at least that old,
 * else the oldest. `estimate`: compressed sizes by the gzip estimate on both sides,
 * as the comparison counts them. Null when the base carries no history at all.
 */
export function creepOf(
  base: ImageReport,
  head: ImageReport,
  days: number,
  estimate: boolean
): Creep | null {
  const found = reportBefore(historyOf(base), head.createdAt, days)
  if (!found) return null
  const now = trendPoint(head)
  const change = (metric: 'compressed' | 'uncompressed'): SizeChange =>
    sizeChange(sizeOf(found.point, metric, estimate), sizeOf(now, metric, estimate))
  return {
    days,
    from: found.point,
    reachesBack: found.reachesBack,
    age: Math.floor((Date.parse(head.createdAt) - Date.parse(found.point.createdAt)) / DAY_MS),
    compressed: change('compressed'),
    uncompressed: change('uncompressed')
  }
}

/** A point's size in the comparison's measure: the gzip estimate where both sides use it. */
function sizeOf(point: TrendPoint, metric: SizeMetric, estimate: boolean): number {
  if (metric === 'uncompressed') return point.uncompressedBytes
  return estimate ? (point.estimatedBytes ?? point.compressedBytes) : point.compressedBytes
}

const UNITS: [string, number][] = [
  ['GB', 1e9],
  ['MB', 1e6],
  ['kB', 1e3]
]

/** Text inside a Mermaid string: no quotes or anything that could end the block. */
function mermaidText(text: string): string {
  return text.replace(/[^A-Za-z0-9 ,._/:()@+-]/g, '_')
}

/**
 * The base branch's size over its last reports and the PR's as a Mermaid chart
 * (GitHub draws it in comments), folded; nothing unless the base has two points.
 */
export function trendDetails(
  comparison: TargetComparison,
  metric: SizeMetric,
  baseLabel: string,
  maxGrowth?: GrowthLimit
): string[] {
  const { base, head } = comparison
  if (!base || !head || base.trend.length === 0) return []
  const estimate = comparison.measure === 'gzip-estimate'
  const points = historyOf(base).slice(-TREND_LENGTH - 1)
  const sizes = [
    ...points.map(point => sizeOf(point, metric, estimate)),
    sizeOf(trendPoint(head), metric, estimate)
  ]
  const [unit, scale] = UNITS.find(([, value]) => Math.max(...sizes) >= value) ?? ['B', 1]
  const values = sizes.map(size => Number((size / scale).toFixed(2)))
  const labels = [
    ...points.map(point => `"${mermaidText(point.commit.slice(0, 7)) || '?'}"`),
    '"this PR"'
  ]
  const prOnly = values.map((value, index) => (index === values.length - 1 ? value : 0))
  // The max-growth's ceiling, drawn flat across: the PR's bar must stay under it.
  const creep = maxGrowth && creepOf(base, head, maxGrowth.days, estimate)
  const ceiling =
    maxGrowth && creep
      ? Number((ceilingOf(creep[metric].base ?? 0, maxGrowth.limit) / scale).toFixed(2))
      : undefined
  const limitNote = ceiling === undefined ? '' : ' (the flat line: its max-growth)'
  return [
    `<details><summary>${htmlText(comparison.target)}: ${htmlText(baseLabel)} over its last ${points.length} reports, and this PR${limitNote}</summary>`,
    '',
    '```mermaid',
    'xychart-beta',
    `    title "${mermaidText(`${comparison.target}, ${metric} size (${unit})`)}"`,
    `    x-axis [${labels.join(', ')}]`,
    `    y-axis "${unit}"`,
    `    bar [${prOnly.join(', ')}]`,
    `    line [${values.join(', ')}]`,
    ...(ceiling === undefined ? [] : [`    line [${values.map(() => ceiling).join(', ')}]`]),
    '```',
    '',
    '</details>',
    ''
  ]
}

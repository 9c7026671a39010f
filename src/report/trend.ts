import type { SizeMetric, TargetComparison } from './compare.js'
import { htmlText } from './format.js'
import type { ImageReport, TrendPoint } from './types.js'

/** How many earlier reports a push's report carries. */
export const TREND_LENGTH = 30

export function trendPoint(report: ImageReport): TrendPoint {
  return {
    commit: report.commit ?? '',
    createdAt: report.createdAt,
    compressedBytes: report.compressedBytes,
    estimatedBytes: report.estimatedBytes,
    uncompressedBytes: report.uncompressedBytes
  }
}

/**
 * The trend a push's report carries: the branch's previous report's trend and that
 * report itself, the last TREND_LENGTH of them; a re-run of the same commit replaces
 * its own point instead of adding one.
 */
export function carriedTrend(previous: ImageReport | undefined, commit: string): TrendPoint[] {
  if (!previous) return []
  return [...previous.trend, trendPoint(previous)]
    .filter(point => point.commit !== commit)
    .slice(-TREND_LENGTH)
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
  baseLabel: string
): string[] {
  const { base, head } = comparison
  if (!base || !head || base.trend.length === 0) return []
  const estimate = comparison.measure === 'gzip-estimate'
  const points = [...base.trend, trendPoint(base)]
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
  return [
    `<details><summary>${htmlText(comparison.target)}: ${htmlText(baseLabel)} over its last ${points.length} reports, and this PR</summary>`,
    '',
    '```mermaid',
    'xychart-beta',
    `    title "${mermaidText(`${comparison.target}, ${metric} size (${unit})`)}"`,
    `    x-axis [${labels.join(', ')}]`,
    `    y-axis "${unit}"`,
    `    bar [${prOnly.join(', ')}]`,
    `    line [${values.join(', ')}]`,
    '```',
    '',
    '</details>',
    ''
  ]
}

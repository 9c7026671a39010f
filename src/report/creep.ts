import { type SizeChange, sizeChange } from './size-change.js'
import { DAY_MS, historyOf, reportBefore, sizeOf, trendPoint } from './trend.js'
import type { Creep, ImageReport } from './types.js'

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

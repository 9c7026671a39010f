import { caveatFor, type SizeMetric, type TargetComparison, metricOf } from './compare.js'
import { formatBytes } from './format.js'
import type { IncreaseLimit } from './limits.js'

export interface GateConfig {
  metric: SizeMetric
  maxIncrease?: IncreaseLimit
  /** Absolute budget in bytes. */
  maxSize?: number
}

export interface Verdict {
  target: string
  exceeded: boolean
  /** One sentence for the comment, the summary, the log and the output. */
  sentence: string
  /** A crossing a reviewer accepted with the accept label: shown, not failed. */
  accepted?: boolean
}

/** The accept label on a PR: who applied it and when, where the events say. */
export interface Acceptance {
  label: string
  by: string | null
  at: string | null
}

function percentText(percent: number): string {
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`
}

export function changeText(delta: number, percent: number | null): string {
  const sign = delta > 0 ? '+' : delta < 0 ? '-' : '±'
  const amount = `${sign}${formatBytes(Math.abs(delta))}`
  return percent === null ? amount : `${amount} (${percentText(percent)})`
}

function limitText(limit: IncreaseLimit): string {
  const parts = [
    limit.percent !== undefined ? `${limit.percent}%` : undefined,
    limit.bytes !== undefined ? formatBytes(limit.bytes) : undefined
  ].filter(Boolean)
  return parts.join(' and ')
}

/** Growth crosses the limit only when it exceeds every part of it that is given. */
function crossesIncrease(delta: number, percent: number | null, limit: IncreaseLimit): boolean {
  if (delta <= 0) return false
  if (limit.percent === undefined && limit.bytes === undefined) return false
  const overPercent = limit.percent === undefined || percent === null || percent > limit.percent
  const overBytes = limit.bytes === undefined || delta > limit.bytes
  return overPercent && overBytes
}

function growthSentence(
  target: string,
  delta: number,
  percent: number | null,
  limit: IncreaseLimit | undefined
): { text: string; exceeded: boolean } {
  if (delta === 0) return { text: `${target} is unchanged`, exceeded: false }
  const verb = delta > 0 ? 'grew' : 'shrank'
  const change = `${verb} by ${changeText(delta, percent).replace(/^[+-]/, '')}`
  if (delta < 0 || !limit) return { text: `${target} ${change}`, exceeded: false }
  const exceeded = crossesIncrease(delta, percent, limit)
  const limitPart = exceeded
    ? `, over the max-increase of ${limitText(limit)}`
    : `, within the max-increase of ${limitText(limit)}`
  return { text: `${target} ${change}${limitPart}`, exceeded }
}

/** The gate's verdict on one target, as one sentence. A missing baseline never fails max-increase. */
export function judge(comparison: TargetComparison, gate: GateConfig): Verdict {
  const { target } = comparison
  const size = metricOf(comparison, gate.metric)
  const metric = `${gate.metric} size`
  if (comparison.status === 'removed' || size.head === null) {
    return { target, exceeded: false, sentence: `${target} is no longer built.` }
  }
  const parts: string[] = []
  let exceeded = false
  const caveat = caveatFor(comparison, gate.metric)
  if (comparison.status === 'compared' && size.delta !== null && caveat) {
    // A change that may come from elsewhere is shown, never gated.
    const growth = growthSentence(target, size.delta, size.percent, undefined)
    parts.push(`${growth.text}, not judged against the max-increase: ${caveat}`)
  } else if (comparison.status === 'compared' && size.delta !== null) {
    const growth = growthSentence(target, size.delta, size.percent, gate.maxIncrease)
    parts.push(growth.text)
    exceeded ||= growth.exceeded
  } else if (comparison.status === 'new') {
    parts.push(`${target} is a new target at ${formatBytes(size.head)}`)
  } else {
    parts.push(`${target} is ${formatBytes(size.head)}, with no baseline to compare with`)
  }
  if (gate.maxSize !== undefined) {
    const over = size.head > gate.maxSize
    exceeded ||= over
    parts.push(
      over
        ? `its ${metric} of ${formatBytes(size.head)} is over the max-size of ${formatBytes(gate.maxSize)}`
        : `${formatBytes(size.head)} is within the max-size of ${formatBytes(gate.maxSize)}`
    )
  }
  return { target, exceeded, sentence: `${parts.join('; ')}.` }
}

export function judgeAll(comparisons: TargetComparison[], gate: GateConfig): Verdict[] {
  return comparisons.map(comparison => judge(comparison, gate))
}

/** With the accept label on the PR, every crossing passes, and its sentence says who accepted it. */
export function acceptCrossings(verdicts: Verdict[], acceptance: Acceptance | null): Verdict[] {
  if (!acceptance) return verdicts
  const who = acceptance.by ? ` by @${acceptance.by}` : ''
  return verdicts.map(verdict =>
    verdict.exceeded
      ? {
          ...verdict,
          exceeded: false,
          accepted: true,
          sentence: `${verdict.sentence} Accepted${who} with the label ${acceptance.label}.`
        }
      : verdict
  )
}

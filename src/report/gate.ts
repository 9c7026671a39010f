import { caveatFor, type SizeMetric, type TargetComparison, metricOf } from './compare.js'
import { formatBytes } from './format.js'
import type { GrowthLimit, IncreaseLimit } from './limits.js'
import { creepOf } from './trend.js'
import type { Update } from './types.js'

export interface GateConfig {
  metric: SizeMetric
  maxIncrease?: IncreaseLimit
  /** Absolute budget in bytes. */
  maxSize?: number
  /** The most a host with the base's image may download for the head's, in bytes. */
  maxUpdate?: number
  /** The most the layers the Dockerfile adds (its base image's apart) may grow. */
  maxOwnIncrease?: IncreaseLimit
  /** The most it may have grown since the base branch's report of so many days before. */
  maxGrowth?: GrowthLimit
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

/** `what` grew or shrank, against `limit` (named `limitName`) when given. */
function growthSentence(
  what: string,
  delta: number,
  percent: number | null,
  limit: IncreaseLimit | undefined,
  limitName = 'max-increase'
): { text: string; exceeded: boolean } {
  if (delta === 0) return { text: `${what} is unchanged`, exceeded: false }
  const verb = delta > 0 ? 'grew' : 'shrank'
  const change = `${verb} by ${changeText(delta, percent).replace(/^[+-]/, '')}`
  if (delta < 0 || !limit) return { text: `${what} ${change}`, exceeded: false }
  const exceeded = crossesIncrease(delta, percent, limit)
  const limitPart = `, ${exceeded ? 'over' : 'within'} the ${limitName} of ${limitText(limit)}`
  return { text: `${what} ${change}${limitPart}`, exceeded }
}

/** The max-own-increase's part: the growth of the layers the Dockerfile adds, apart from its base image's. */
function ownPart(
  comparison: TargetComparison,
  metric: SizeMetric,
  limit: IncreaseLimit | undefined
): { text: string; exceeded: boolean } | undefined {
  if (!limit || comparison.status !== 'compared') return undefined
  const name = 'max-own-increase'
  if (!comparison.parts)
    return {
      text: `the base image's part is unknown on one side (no Dockerfile, or a report before it was kept): the ${name} is not judged`,
      exceeded: false
    }
  const own = comparison.parts.own[metric]
  if (own.delta === null) return undefined
  if (caveatFor(comparison, metric)) {
    const growth = growthSentence('its own layers', own.delta, own.percent, undefined)
    return { text: `${growth.text}, not judged against the ${name}`, exceeded: false }
  }
  return growthSentence('its own layers', own.delta, own.percent, limit, name)
}

/** The update size in words: its bytes, and the layers a host already has. */
export function updateText(update: Extract<Update, { known: true }>): string {
  const about = update.estimated ? 'about ' : ''
  return `${about}${formatBytes(update.bytes)} (${update.sharedLayers} of ${update.layers} layers shared)`
}

/** The max-update's part of the sentence; none without the limit or a baseline. */
function updatePart(
  comparison: TargetComparison,
  maxUpdate: number | undefined
): { text: string; exceeded: boolean } | undefined {
  const { update } = comparison
  if (maxUpdate === undefined || !update) return undefined
  const limit = `the max-update of ${formatBytes(maxUpdate)}`
  if (!update.known)
    return {
      text: `its update size is unknown (${update.reason}): ${limit} is not judged`,
      exceeded: false
    }
  if (comparison.caveat)
    return {
      text: `its update is ${updateText(update)}, not judged against ${limit}`,
      exceeded: false
    }
  const exceeded = update.bytes > maxUpdate
  return {
    text: `a host with the base's image downloads ${updateText(update)}, ${exceeded ? 'over' : 'within'} ${limit}`,
    exceeded
  }
}

const dayText = (days: number): string => `${days} day${days === 1 ? '' : 's'}`

/** The max-growth's part: the head against the base branch's report from the window's start. */
function creepPart(
  comparison: TargetComparison,
  metric: SizeMetric,
  maxGrowth: GrowthLimit | undefined
): { text: string; exceeded: boolean } | undefined {
  const { base, head } = comparison
  if (!maxGrowth || comparison.status !== 'compared' || !base || !head) return undefined
  const found = creepOf(base, head, maxGrowth.days, comparison.measure === 'gzip-estimate')
  if (!found) return undefined
  const growth = found[metric]
  const which = found.reachesBack ? 'report' : 'oldest report'
  const shorter = found.reachesBack
    ? ''
    : `; its history is shorter than ${dayText(maxGrowth.days)}`
  const since = `since the base branch's ${which} of ${found.from.createdAt.slice(0, 10)} (${found.from.commit.slice(0, 7) || 'no commit'}, ${dayText(found.age)} before${shorter})`
  const limit = `${limitText(maxGrowth.limit)} in ${dayText(maxGrowth.days)}`
  const name = 'max-growth'
  const change = changeText(growth.delta ?? 0, growth.percent)
  if (caveatFor(comparison, metric))
    return {
      text: `${since} it changed by ${change}, not judged against the ${name}`,
      exceeded: false
    }
  const exceeded = crossesIncrease(growth.delta ?? 0, growth.percent, maxGrowth.limit)
  return {
    text: `${since} it changed by ${change}, ${exceeded ? 'over' : 'within'} the ${name} of ${limit}`,
    exceeded
  }
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
  for (const part of [
    ownPart(comparison, gate.metric, gate.maxOwnIncrease),
    creepPart(comparison, gate.metric, gate.maxGrowth),
    updatePart(comparison, gate.maxUpdate)
  ]) {
    if (!part) continue
    parts.push(part.text)
    exceeded ||= part.exceeded
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

import { formatBytes } from './format.js'
import type { FixesReport, Saving } from './types.js'

/**
 * `saves 12.3 MB compressed, 40.1 MB on disk (measured by a build); same files,
 * owners and modes, and removes …`, or why it is not verified.
 */
export function savingText(outcome: {
  saving: Saving | null
  unverified: string | null
  removes?: string | null
}): string {
  if (!outcome.saving) return `not verified: ${outcome.unverified ?? 'not built'}`
  const { compressedBytes, uncompressedBytes } = outcome.saving
  const removes = outcome.removes ? `; ${outcome.removes}` : ''
  return `saves ${formatBytes(compressedBytes)} compressed, ${formatBytes(uncompressedBytes)} on disk (measured by a build)${removes}`
}

/** What a fix's image no longer has, of what its rules declare it removes. */
export interface RemovalFacts {
  /** Dev packages gone: how many, and the largest by name and version. */
  devPackages: { count: number; largest: string[] }
  /** Files removed by each declared change (caches by folder), largest first. */
  removed: { change: string; folder: string; files: number; bytes: number }[]
  /** Packages of the base image the fixed image's base does not have. */
  basePackages: string[]
}

const count = (value: number): string => value.toLocaleString('en-US')
const plural = (value: number, word: string): string =>
  `${count(value)} ${word}${value === 1 ? '' : 's'}`
/** Base packages a text names; the rest are counted. */
const NAMED_BASE_PACKAGES = 5

/** `same files, owners and modes; removes 12 dev packages (typescript 5.6.3, …) and 1,204 files under /root/.npm`. */
export function removalText(facts: RemovalFacts): string {
  const parts: string[] = []
  const { devPackages } = facts
  if (devPackages.count > 0) {
    const more = devPackages.count > devPackages.largest.length ? ', …' : ''
    const named =
      devPackages.largest.length > 0 ? ` (${devPackages.largest.join(', ')}${more})` : ''
    parts.push(`${plural(devPackages.count, 'dev package')}${named}`)
  }
  for (const removed of facts.removed) {
    if (removed.change === 'caches')
      parts.push(`${plural(removed.files, 'file')} under /${removed.folder}`)
    if (removed.change === 'base-files') {
      const names = facts.basePackages.slice(0, NAMED_BASE_PACKAGES)
      const more = facts.basePackages.length > names.length ? ', …' : ''
      const packages =
        names.length > 0
          ? ` (${plural(facts.basePackages.length, 'package')}: ${names.join(', ')}${more})`
          : ''
      parts.push(`${plural(removed.files, 'file')} of the base image${packages}`)
    }
  }
  const same = 'same files, owners and modes'
  return parts.length > 0 ? `${same}; removes ${joinWords(parts)}` : same
}

/** `a`, `a and b`, `a, b and c`. */
function joinWords(parts: string[]): string {
  return parts.length <= 1
    ? parts.join('')
    : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
}

/** Differences a text names; the rest are counted. */
const NAMED_DIFFERENCES = 3

/** `/app: owner 1001:1001 → 0:0; /app/a.js: removed, and 8 more`. */
export function differencesText(differences: string[], total: number): string {
  const named = differences.slice(0, NAMED_DIFFERENCES)
  const more = total - named.length
  return `${named.join('; ')}${more > 0 ? `, and ${count(more)} more` : ''}`
}

/** Lines `a`–`b` of a Dockerfile, or the one line. */
export const linesText = (line: number, endLine: number): string =>
  endLine > line ? `${line}-${endLine}` : `${line}`

/** Whether the report has any fix to show. */
export const hasFixes = (fixes: FixesReport | null): fixes is FixesReport =>
  fixes !== null && fixes.list.length > 0

/** `1 fix`, `3 fixes`. */
export const fixesText = (count: number): string => `${count} fix${count === 1 ? '' : 'es'}`

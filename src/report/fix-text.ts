import { formatBytes } from './format.js'
import type { FixesReport, Saving } from './types.js'

/** `saves 12.3 MB compressed, 40.1 MB on disk`, or why it is not verified. */
export function savingText(outcome: { saving: Saving | null; unverified: string | null }): string {
  if (!outcome.saving) return `not verified: ${outcome.unverified ?? 'not built'}`
  const { compressedBytes, uncompressedBytes } = outcome.saving
  return `saves ${formatBytes(compressedBytes)} compressed, ${formatBytes(uncompressedBytes)} on disk (measured by a build)`
}

/** Lines `a`–`b` of a Dockerfile, or the one line. */
export const linesText = (line: number, endLine: number): string =>
  endLine > line ? `${line}-${endLine}` : `${line}`

/** Whether the report has any fix to show. */
export const hasFixes = (fixes: FixesReport | null): fixes is FixesReport =>
  fixes !== null && fixes.list.length > 0

/** `1 fix`, `3 fixes`. */
export const fixesText = (count: number): string => `${count} fix${count === 1 ? '' : 'es'}`

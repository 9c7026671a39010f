import { createTwoFilesPatch } from 'diff'
import { applyFixes, type Fix } from './edits.js'

/** Lines `line`..`endLine` of the Dockerfile and what the fix makes of them: a GitHub suggested change. */
export interface Suggestion {
  line: number
  endLine: number
  lines: string[]
}

/** The lines a fix spans, as they are and as it writes them. */
export function suggestionOf(fix: Fix, text: string): Suggestion {
  const before = text.split(/\r?\n/)
  const after = applyFixes(text, [fix]).split(/\r?\n/)
  const added = after.length - before.length
  const start = fix.line - 1
  return {
    line: fix.line,
    endLine: fix.endLine,
    lines: after.slice(start, start + fix.endLine - fix.line + 1 + added)
  }
}

/** The unified diff (`diff -u`) of the fixes applied to the Dockerfile named `label`. */
export function unifiedDiff(label: string, text: string, fixes: Fix[]): string {
  const patch = createTwoFilesPatch(
    `a/${label}`,
    `b/${label}`,
    text,
    applyFixes(text, fixes),
    undefined,
    undefined,
    { context: 3 }
  )
  // The first line is jsdiff's separator, not part of what `diff -u` prints.
  return patch.replace(/^=+\n/, '')
}

import type { TargetComparison } from './compare.js'
import { escapeText, htmlText } from './format.js'
import { fixesText, hasFixes, linesText, savingText } from './fix-text.js'

/** A fenced block that no run of backticks in `text` (from a Dockerfile) can close early. */
export function fenced(text: string, language: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map(match => match[0].length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${language}\n${text.replace(/\n$/, '')}\n${fence}`
}

/**
 * The fixes of a target's Dockerfile: each with its lines, what a build of it
 * saved (or why it is not verified) and its diff; then all of them together.
 * `suggested` lists the lines already offered as review suggestions.
 */
export function fixDetails(
  comparison: TargetComparison,
  suggested: ReadonlySet<number> = new Set()
): string[] {
  const { head } = comparison
  const fixes = head?.fixes ?? null
  if (!head || !hasFixes(fixes)) return []
  const label = escapeText(head.dockerfile || 'Dockerfile')
  const verified = fixes.list.filter(fix => fix.saving)
  const items = fixes.list.flatMap(fix => [
    `- **${escapeText(fix.title)}** (${label}:${linesText(fix.line, fix.endLine)}): ${escapeText(savingText(fix))}${suggested.has(fix.line) ? ' — suggested on the line in this PR' : ''}`,
    '',
    fenced(fix.diff, 'diff'),
    ''
  ])
  const together =
    fixes.together.rules.length > 1
      ? [
          `All ${fixes.together.rules.length} that go together: ${escapeText(savingText(fixes.together))}`,
          ''
        ]
      : []
  return [
    `<details><summary>${htmlText(comparison.target)}: ${fixesText(fixes.list.length)} for the Dockerfile${verified.length > 0 ? `, ${verified.length} verified by a build` : ''}</summary>`,
    '',
    ...items,
    ...together,
    '</details>',
    ''
  ]
}

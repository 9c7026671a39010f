import type { TargetComparison } from './compare.js'
import { code, escapeText, htmlText } from './format.js'
import { changeText } from './gate.js'
import { type PackageChange, packageChanges, versionChangeText } from './packages.js'

/** Changes shown per ecosystem; the rest are counted in one line. */
const PER_ECOSYSTEM = 8

const ECOSYSTEM_NAMES: Record<PackageChange['ecosystem'], string> = {
  npm: 'npm',
  python: 'Python',
  deb: 'Debian',
  apk: 'Alpine',
  go: 'Go modules',
  java: 'Java'
}

function changeItem(change: PackageChange, dockerfile: string): string {
  const notes = [
    change.kind === 'grown' || change.kind === 'shrunk' ? '' : change.kind,
    change.dev ? 'dev' : '',
    change.line ? `${escapeText(dockerfile)}:${change.line}` : ''
  ].filter(Boolean)
  const size = change.delta === 0 ? '' : ` ${changeText(change.delta, null)}`
  return `- ${code(change.name)} ${escapeText(versionChangeText(change))}${size}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`
}

/** What the changes add up to, for a summary line: `2 added, 1 upgraded`. */
function countsText(changes: PackageChange[]): string {
  const kinds = ['added', 'removed', 'upgraded', 'grown', 'shrunk'] as const
  return kinds
    .map(kind => [kind, changes.filter(change => change.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ')
}

/** A target's change by package, per ecosystem, largest first, folded like the path list. */
export function packageDetails(comparison: TargetComparison): string[] {
  const { base, head } = comparison
  if (!base || !head) return []
  const changes = packageChanges(base, head)
  if (changes.length === 0) return []
  const total = changes.reduce((sum, change) => sum + change.delta, 0)
  const ecosystems = [...new Set(changes.map(change => change.ecosystem))]
  const sections = ecosystems.flatMap(ecosystem => {
    const mine = changes.filter(change => change.ecosystem === ecosystem)
    const rest = mine.slice(PER_ECOSYSTEM)
    const restDelta = rest.reduce((sum, change) => sum + change.delta, 0)
    return [
      `**${ECOSYSTEM_NAMES[ecosystem]}**`,
      '',
      ...mine.slice(0, PER_ECOSYSTEM).map(change => changeItem(change, head.dockerfile)),
      ...(rest.length > 0 ? [`- and ${rest.length} more (${changeText(restDelta, null)})`] : []),
      ''
    ]
  })
  return [
    `<details><summary>${htmlText(comparison.target)}: what changed by package, ${countsText(changes)} (${changeText(total, null)})</summary>`,
    '',
    ...sections,
    "<sub>Bytes are each package's own files, uncompressed; a Go module is part of its binary's bytes.</sub>",
    '',
    '</details>',
    ''
  ]
}

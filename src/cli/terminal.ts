import { layerWords, type SizeMetric, type TargetComparison, metricOf } from '../report/compare.js'
import { formatBytes, shorten } from '../report/format.js'
import { changeText, updateText, type Verdict } from '../report/gate.js'
import type { ImageReport, Update } from '../report/types.js'
import { fixesText, hasFixes, linesText, savingText } from '../report/fix-text.js'
import { packageChanges, versionChangeText, versionsText } from '../report/packages.js'
import { partsText } from '../report/parts-text.js'
import { whatGrew } from '../report/what-grew.js'

const LAYERS = 10
const FILES = 10
const PACKAGES = 15
const WIDTH = 70

/** Rows as columns padded to their widest cell; `right` marks right-aligned columns. */
function table(rows: string[][], right: boolean[]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)))
  return rows.map(row =>
    row
      .map((cell, column) =>
        right[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])
      )
      .join('  ')
      .trimEnd()
  )
}

function where(report: ImageReport, line: number | null): string {
  return line ? `${report.dockerfile || 'Dockerfile'}:${line}` : ''
}

const plural = (count: number, noun: string): string =>
  `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`

const indent = (lines: string[]): string[] => lines.map(line => `  ${line}`)

function layerLines(report: ImageReport): string[] {
  const layers = [...report.layers]
    .sort((a, b) => b.uncompressedBytes - a.uncompressedBytes)
    .slice(0, LAYERS)
  const rows = layers.map(layer => [
    formatBytes(layer.uncompressedBytes),
    formatBytes(layer.compressedBytes),
    where(report, layer.line || null),
    shorten(layerWords(layer), WIDTH)
  ])
  return [
    `Largest layers (${layers.length} of ${report.layers.length})`,
    ...indent(
      table([['SIZE', 'COMPRESSED', 'LINE', 'INSTRUCTION'], ...rows], [true, true, false, false])
    )
  ]
}

function fileLines(report: ImageReport): string[] {
  const files = report.files.largestFiles.slice(0, FILES)
  if (files.length === 0) return []
  const rows = files.map(file => [
    formatBytes(file.bytes),
    `/${file.path}`,
    where(report, report.layers[file.layer]?.line ?? null)
  ])
  return [
    '',
    `Largest files (${files.length} of ${report.files.fileCount.toLocaleString('en')})`,
    ...indent(table([['SIZE', 'PATH', 'LINE'], ...rows], [true, false, false]))
  ]
}

function packageLines(report: ImageReport): string[] {
  if (!report.packages || report.packages.list.length === 0) return []
  const counts = report.packages.ecosystems.map(
    ecosystem =>
      `${ecosystem.ecosystem} ${ecosystem.packages.toLocaleString('en')} (${formatBytes(ecosystem.bytes)})`
  )
  const rows = report.packages.list
    .slice(0, PACKAGES)
    .map(item => [
      formatBytes(item.bytes),
      item.ecosystem,
      shorten(`${item.name} ${versionsText(item.versions)}${item.dev ? ' (dev)' : ''}`, WIDTH),
      where(report, report.layers[item.layer]?.line || null)
    ])
  return [
    '',
    `Largest packages (${counts.join(', ')})`,
    ...indent(table([['SIZE', 'KIND', 'PACKAGE', 'LINE'], ...rows], [true, false, false, false]))
  ]
}

function hintLines(report: ImageReport): string[] {
  if (report.hints.length === 0) return []
  return [
    '',
    'Hints',
    ...report.hints.map(hint => {
      const at = hint.line ? `${where(report, hint.line)}: ` : ''
      const saves = hint.bytes ? ` (${formatBytes(hint.bytes)})` : ''
      return `  - ${at}${hint.message}${saves}`
    })
  ]
}

/** One image as a terminal shows it: sizes, largest layers and files, waste, hints. */
export function renderReport(report: ImageReport): string {
  const measure = report.compressedSource === 'gzip-estimate' ? ' (gzip -6 estimate)' : ''
  return [
    `${report.target} ${report.platform}`,
    `  ${formatBytes(report.compressedBytes)} to pull${measure}, ${formatBytes(report.uncompressedBytes)} on disk, ` +
      `${plural(report.layers.length, 'layer')}, ${plural(report.files.fileCount, 'file')}`,
    `  ${formatBytes(report.wastedBytes)} wasted (efficiency ${(report.efficiency * 100).toFixed(1)}%)`,
    '',
    ...layerLines(report),
    ...fileLines(report),
    ...packageLines(report),
    ...hintLines(report),
    ''
  ].join('\n')
}

function growthLines(base: ImageReport, head: ImageReport): string[] {
  const groups = whatGrew(base, head)
  if (groups.length === 0) return []
  const line = (change: { path: string; delta: number; status: string; line: number | null }) => {
    const at = change.line ? `  ${where(change.status === 'gone' ? base : head, change.line)}` : ''
    return `/${change.path}  ${changeText(change.delta, null)} (${change.status})${at}`
  }
  return [
    '',
    'What changed',
    ...groups.flatMap(group => [
      `  ${line(group)}`,
      ...group.parts.map(part => `      ${line(part)}`)
    ])
  ]
}

function packageChangeLines(base: ImageReport, head: ImageReport): string[] {
  const changes = packageChanges(base, head).slice(0, PACKAGES)
  if (changes.length === 0) return []
  const rows = changes.map(change => [
    change.delta === 0 ? '' : changeText(change.delta, null),
    change.ecosystem,
    shorten(`${change.name} ${versionChangeText(change)}`, WIDTH),
    `${change.kind}${change.dev ? ', dev' : ''}`,
    where(change.kind === 'removed' ? base : head, change.line)
  ])
  return ['', 'What changed by package', ...indent(table(rows, [true, false, false, false, false]))]
}

/** What a host with the base image downloads for the head's, or why that is unknown. */
const updateWords = (update: Update): string =>
  update.known
    ? `${updateText(update)} to download for a host with the base image`
    : `unknown (${update.reason})`

/** A comparison and the gate's verdict on it, as a terminal shows them. */
export function renderComparison(
  comparison: TargetComparison,
  verdict: Verdict,
  metric: SizeMetric
): string {
  const size = metricOf(comparison, metric)
  const sizes =
    size.base === null || size.head === null || size.delta === null
      ? `${formatBytes(size.head ?? size.base ?? 0)}`
      : `${formatBytes(size.base)} → ${formatBytes(size.head)} (${changeText(size.delta, size.percent)})`
  const { base, head, update } = comparison
  return [
    `${comparison.target}: ${sizes} ${metric}`,
    ...(update ? [`  update: ${updateWords(update)}`] : []),
    ...(comparison.parts ? [`  ${partsText(comparison.parts, metric, text => text)}`] : []),
    ...(base && head ? [...growthLines(base, head), ...packageChangeLines(base, head)] : []),
    '',
    `${verdict.exceeded ? 'FAIL' : 'ok'}: ${verdict.sentence}`,
    ''
  ].join('\n')
}

/** A target's fixes as `sizegate fix` prints them: each with its saving and unified diff, then all together. */
export function renderFixes(report: ImageReport): string {
  const fixes = report.fixes
  if (!hasFixes(fixes)) return `${report.target}: no mechanical fix found\n`
  const where = report.dockerfile || 'Dockerfile'
  const each = fixes.list.flatMap((fix, index) => [
    `Fix ${index + 1}: ${fix.title} (${where}:${linesText(fix.line, fix.endLine)})`,
    `  ${savingText(fix)}`,
    '',
    fix.diff.trimEnd(),
    ''
  ])
  const together =
    fixes.together.rules.length > 1
      ? [`All ${fixes.together.rules.length} that go together: ${savingText(fixes.together)}`, '']
      : []
  const time =
    fixes.verifyMs > 0 ? [`Verified in ${(fixes.verifyMs / 1000).toFixed(1)} s of builds.`, ''] : []
  return [
    `${report.target}: ${fixesText(fixes.list.length)}`,
    '',
    ...each,
    ...together,
    ...time
  ].join('\n')
}

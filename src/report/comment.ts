import { type LayerChange, type SizeMetric, type TargetComparison, metricOf } from './compare.js'
import type { SizeChange } from './size-change.js'
import type { CompressedMeasure } from './common-measure.js'
import { code, escapeText, formatBytes, htmlText, shorten } from './format.js'
import { type Acceptance, changeText, type Verdict } from './gate.js'
import { fixDetails } from './fix-comment.js'
import { packageDetails } from './package-comment.js'
import type { GrowthLimit } from './limits.js'
import { partsText } from './parts-text.js'
import { hintItem } from './summary.js'
import type { BaselineSource, BuildCheck, Update } from './types.js'
import { trendDetails } from './trend.js'
import { type PathChange, whatGrew } from './what-grew.js'

/** GitHub refuses comment bodies longer than this. */
export const COMMENT_LIMIT = 65_536

export interface CommentInput {
  /** Hidden marker that finds this comment again. */
  marker: string
  /** Name of the base branch, the column heading. */
  baseLabel: string
  comparisons: TargetComparison[]
  verdicts: Verdict[]
  metric: SizeMetric
  baseline: BaselineSource | null
  /** The accept label, when a reviewer applied it. */
  acceptance: Acceptance | null
  /** `https://github.com/o/r/blob/<head sha>/`: layer lines link into it; null for no links. */
  blobUrl: string | null
  now: Date
  /** Lines of each target's fixes offered as review suggestions on the PR, by target. */
  suggested?: ReadonlyMap<string, ReadonlySet<number>>
  /** BuildKit's Dockerfile checks on lines the PR added or changed. */
  changedChecks?: ChangedChecks[]
  /** The max-growth limit, marked on the trend chart. */
  maxGrowth?: GrowthLimit
}

/** One image's BuildKit checks on lines a pull request changed in its Dockerfile. */
export interface ChangedChecks {
  target: string
  dockerfile: string
  checks: BuildCheck[]
}

// A check's page is Docker's: a link anywhere else (a report from a fork) is shown as text.
const CHECK_DOCS = /^https:\/\/docs\.docker\.com\/[A-Za-z0-9/_.#-]*$/

function checkLine(target: string, dockerfile: string, check: BuildCheck): string {
  const rule =
    check.url && CHECK_DOCS.test(check.url)
      ? `[${escapeText(check.rule)}](${check.url})`
      : escapeText(check.rule)
  return `- ${code(dockerfile)} line ${check.line ?? '?'} (${escapeText(target)}): **${rule}**: ${escapeText(check.message)}`
}

/** The build checks on lines this PR changed, open: they are about what the PR wrote. */
function checkDetails(changed: ChangedChecks[] = []): string[] {
  const lines = changed.flatMap(({ target, dockerfile, checks }) =>
    checks.map(check => checkLine(target, dockerfile, check))
  )
  if (lines.length === 0) return []
  const title = `${lines.length} Dockerfile ${lines.length === 1 ? 'check' : 'checks'} on lines this PR changed`
  return [`<details open><summary>⚠️ ${title}</summary>`, '', ...lines, '', '</details>', '']
}

const WHAT_WIDTH = 90

export function markerComment(marker: string): string {
  return `<!-- ${marker} -->`
}

/** An emoji for the size of a change; 🆘 when the gate failed. */
function changeEmoji(percent: number | null, exceeded: boolean): string {
  if (exceeded) return '🆘'
  if (percent === null) return ''
  if (percent > 10) return '🔴'
  if (percent > 1) return '🟠'
  if (percent > 0) return '🟡'
  if (percent < 0) return '🟢'
  return '⚪'
}

function sizeCell(bytes: number | null): string {
  return bytes === null ? '–' : formatBytes(bytes)
}

function targetRow(
  comparison: TargetComparison,
  verdict: Verdict | undefined,
  metric: SizeMetric
): string {
  const size = metricOf(comparison, metric)
  const labels: Record<TargetComparison['status'], string> = {
    compared: '',
    new: 'new target',
    removed: 'removed',
    'no-baseline': 'no baseline'
  }
  const change =
    size.delta === null
      ? labels[comparison.status]
      : `${changeText(size.delta, size.percent)} ${changeEmoji(size.percent, verdict?.exceeded ?? false)}`.trim()
  const exceeded = verdict?.exceeded && size.delta === null ? ' 🆘' : ''
  return `| ${escapeText(comparison.target)} | ${sizeCell(size.base)} | ${sizeCell(size.head)} | ${change}${exceeded} | ${updateCell(comparison.update)} |`
}

/**
 * Each image split into its base image's part and the layers its Dockerfile adds:
 * a changed base said once, as a decision of its own, then the own part's change.
 */
function partLines(comparisons: TargetComparison[], metric: SizeMetric): string[] {
  const lines = comparisons.flatMap(({ target, parts }) =>
    parts ? [`- ${escapeText(target)}: ${partsText(parts, metric, code)}`] : []
  )
  return lines.length > 0 ? [...lines, ''] : []
}

/** The update, short enough for a table cell: `≈10.6 MB (2/4 shared)` (≈ for an estimate). */
function updateCell(update: Update | null): string {
  if (!update) return '–'
  if (!update.known) return 'unknown'
  const about = update.estimated ? '≈' : ''
  return `${about}${formatBytes(update.bytes)} (${update.sharedLayers}/${update.layers} shared)`
}

/** What the Update column counts, and why a target's is unknown. */
function updateLine(comparisons: TargetComparison[], baseLabel: string): string {
  const updates = comparisons.flatMap(comparison => comparison.update ?? [])
  if (updates.length === 0) return ''
  const unknown = comparisons.flatMap(({ target, update }) =>
    update && !update.known ? [`${escapeText(target)}: ${escapeText(update.reason)}`] : []
  )
  const byContent = updates.some(update => update.known && update.matchedBy === 'content')
  return [
    ` Update: what a host that runs ${code(baseLabel)}'s image downloads for this PR's, the compressed layers it lacks, and how many of this image's layers it holds already`,
    byContent ? ' (layers matched by their contents where a side has no blob digests)' : '',
    unknown.length > 0 ? `; unknown for ${unknown.join(', ')}` : '',
    '.'
  ].join('')
}

/** A layer's change in bytes, an added layer counting all it holds and a removed one all it held. */
function signedChange(size: SizeChange): number {
  return size.delta ?? (size.head ?? 0) - (size.base ?? 0)
}

/**
 * A link to a Dockerfile line in the PR's head commit; none for a path that could
 * leave the repository (in mode comment the path comes from an artifact).
 */
function lineLink(blobUrl: string | null, dockerfile: string, line: number): string | null {
  const segments = dockerfile.split('/')
  if (!blobUrl || segments.some(segment => segment === '..' || segment === '')) return null
  const path = segments
    .map(segment => encodeURIComponent(segment).replace(/\(/g, '%28').replace(/\)/g, '%29'))
    .join('/')
  return `${blobUrl}${path}#L${line}`
}

function layerRow(
  change: LayerChange,
  dockerfile: string,
  metric: SizeMetric,
  blobUrl: string | null
): string {
  const size = metric === 'compressed' ? change.compressed : change.uncompressed
  const line = change.headLine ?? change.baseLine ?? 0
  const label = `${escapeText(dockerfile)}:${line}`
  const link = change.headLine ? lineLink(blobUrl, dockerfile, change.headLine) : null
  // Line 0: an image measured without its Dockerfile.
  const where = link ? `[${label}](${link})` : line ? label : ''
  const delta = signedChange(size)
  const status =
    change.status === 'added' || change.status === 'removed' ? ` (${change.status})` : ''
  const what = change.instruction === 'FROM' ? change.what : (change.source ?? change.what)
  const cells = [
    `${where} ${code(shorten(what, WHAT_WIDTH))}`,
    escapeText(change.stage),
    sizeCell(size.base),
    sizeCell(size.head),
    `${changeText(delta, size.percent)}${status}`
  ]
  return `| ${cells.join(' | ')} |`
}

/** Changed layers of one target, largest change first, at most `rows` of them. */
function layerDetails(
  comparison: TargetComparison,
  metric: SizeMetric,
  rows: number,
  blobUrl: string | null
): string[] {
  const changed = comparison.layers
    .filter(layer => layer.status !== 'unchanged')
    .sort((a, b) => Math.abs(signedChange(b.uncompressed)) - Math.abs(signedChange(a.uncompressed)))
  if (changed.length === 0 || !comparison.head) return []
  const shown = changed.slice(0, rows)
  const more = changed.length - shown.length
  return [
    `<details><summary>${htmlText(comparison.target)}: ${changed.length} layer${changed.length === 1 ? '' : 's'} changed</summary>`,
    '',
    ...(shown.length > 0
      ? [
          '| Layer | Stage | Base | This PR | Change |',
          '|---|---|---:|---:|---:|',
          ...shown.map(layer =>
            layerRow(layer, comparison.head?.dockerfile ?? 'Dockerfile', metric, blobUrl)
          )
        ]
      : []),
    ...(more > 0
      ? ['', `…and ${more} more, left out to keep this comment under GitHub's size limit.`]
      : []),
    '',
    '</details>',
    ''
  ]
}

/** A path's change: size, new or gone, and the line that wrote it. */
function pathChange(change: PathChange, name: string, dockerfile: string): string {
  const notes = [
    change.status === 'new' || change.status === 'gone' ? change.status : '',
    change.line ? `${escapeText(dockerfile)}:${change.line}` : ''
  ].filter(Boolean)
  return `${code(name)} ${changeText(change.delta, null)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`
}

/** The folders that explain a target's change, each with the parts of it that changed most. */
function whatGrewDetails(comparison: TargetComparison): string[] {
  const { base, head } = comparison
  if (!base || !head) return []
  const groups = whatGrew(base, head)
  if (groups.length === 0) return []
  const [first] = groups
  const floor = Math.max(base.files.floor, head.files.floor)
  const lines = groups.map(group => {
    const parts = group.parts.map(part =>
      pathChange(part, part.path.slice(group.path.length + 1), head.dockerfile)
    )
    return `- ${pathChange(group, `/${group.path}`, head.dockerfile)}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`
  })
  return [
    `<details><summary>${htmlText(comparison.target)}: what changed by path, most in ${htmlText(`/${first.path}`)} (${changeText(first.delta, null)})</summary>`,
    '',
    ...lines,
    '',
    `<sub>Sizes by path are uncompressed, as the files lie on disk; folders under ${formatBytes(floor)} are not tracked.</sub>`,
    '',
    '</details>',
    ''
  ]
}

function age(createdAt: string, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(createdAt)) / 60_000))
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.round(minutes / 60)
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`
}

function baselineLine(input: CommentInput): string {
  const { baseline, baseLabel, now } = input
  if (!baseline && input.comparisons.every(comparison => comparison.status === 'new')) {
    return `${code(baseLabel)} has none of these images: they are new in this pull request.`
  }
  if (!baseline) {
    return `No baseline of ${code(baseLabel)} was found, so nothing is compared: run sizegate on pushes to ${code(baseLabel)} to record one.`
  }
  const when = age(baseline.createdAt, now)
  const how = {
    cache: `recorded ${when}`,
    build: `built for this comparison ${when}`,
    artifact: `reported by the pull request's own run ${when}; the cache has no report of it, so it is not checked`,
    image: 'measured in this run'
  }[baseline.source]
  // A commit, or an image's digest (input baseline-image).
  const at =
    baseline.source === 'image'
      ? baseline.sha.replace(/^sha256:/, '').slice(0, 12)
      : baseline.sha.slice(0, 7)
  const text = `Baseline: ${code(baseline.ref)} at ${code(at)}, ${how}.`
  if (baseline.expectedSha && baseline.expectedSha !== baseline.sha) {
    return `${text} ⚠️ This is not the PR's base commit ${code(baseline.expectedSha.slice(0, 7))}: it is the newest report of ${code(baseline.ref)}.`
  }
  return text
}

const MEASURE_TEXT: Record<CompressedMeasure, string> = {
  stored: 'Compressed sizes: the stored blobs (registry or image archive) on both sides.',
  'gzip-estimate':
    "Compressed sizes: estimated on both sides, each layer gzipped at level 6 as `gzip -6` does; Docker 28's own push (classic image store) stores about 3% more.",
  mixed: 'Compressed sizes: counted differently on the two sides, so their change is not judged.'
}

/** Which compressed measure the table compares; nothing when it compares uncompressed sizes. */
function measureLine(comparisons: TargetComparison[], metric: SizeMetric): string {
  if (metric !== 'compressed') return ''
  const measures = new Set(comparisons.flatMap(comparison => comparison.measure ?? []))
  return [...measures].map(measure => ` ${MEASURE_TEXT[measure]}`).join('')
}

/** Who accepted the crossings, and when; nothing unless a crossing was accepted. */
function acceptanceLines(input: CommentInput): string[] {
  const { acceptance } = input
  if (!acceptance || !input.verdicts.some(verdict => verdict.accepted)) return []
  const who = acceptance.by ? `@${escapeText(acceptance.by)}` : 'A reviewer'
  const when = acceptance.at
    ? ` on ${escapeText(acceptance.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}`
    : ''
  return [
    `✅ ${who} accepted the size increase with the label ${code(acceptance.label)}${when}.`,
    ''
  ]
}

function hintDetails(comparisons: TargetComparison[]): string[] {
  const lines = comparisons.flatMap(({ head }) =>
    head
      ? head.hints.map(hint =>
          hintItem(head, hint).replace(/^- /, `- ${escapeText(head.target)}: `)
        )
      : []
  )
  if (lines.length === 0) return []
  return [
    `<details><summary>${lines.length} hint${lines.length === 1 ? '' : 's'} to make the image smaller</summary>`,
    '',
    ...lines,
    '',
    '</details>',
    ''
  ]
}

function render(input: CommentInput, layerRows: number, withHints: boolean): string {
  const verdictOf = new Map(input.verdicts.map(verdict => [verdict.target, verdict]))
  const failed = input.verdicts.some(verdict => verdict.exceeded)
  return [
    markerComment(input.marker),
    `### ${failed ? '🆘' : '📦'} sizegate: image size (${input.metric})`,
    '',
    `| Target | ${escapeText(input.baseLabel)} | this PR | Change | Update |`,
    '|---|---:|---:|---:|---:|',
    ...input.comparisons.map(comparison =>
      targetRow(comparison, verdictOf.get(comparison.target), input.metric)
    ),
    '',
    ...input.verdicts.map(
      verdict =>
        `${verdict.exceeded ? '**Size limit crossed:** ' : verdict.accepted ? '**Accepted:** ' : ''}${escapeText(verdict.sentence)}`
    ),
    '',
    ...acceptanceLines(input),
    ...partLines(input.comparisons, input.metric),
    ...input.comparisons.flatMap(comparison => [
      ...whatGrewDetails(comparison),
      ...packageDetails(comparison),
      ...trendDetails(comparison, input.metric, input.baseLabel, input.maxGrowth),
      ...layerDetails(comparison, input.metric, layerRows, input.blobUrl)
    ]),
    ...(withHints
      ? input.comparisons.flatMap(comparison =>
          fixDetails(comparison, input.suggested?.get(comparison.target))
        )
      : []),
    ...checkDetails(input.changedChecks),
    ...(withHints ? hintDetails(input.comparisons) : []),
    `<sub>${baselineLine(input)}${measureLine(input.comparisons, input.metric)}${updateLine(input.comparisons, input.baseLabel)}</sub>`,
    ''
  ].join('\n')
}

/**
 * The PR comment (also the job summary). It stays under GitHub's limit by showing
 * fewer layer rows, then no hints: whole rows go, never half a table.
 */
export function renderComment(input: CommentInput, limit = COMMENT_LIMIT): string {
  const most = Math.max(0, ...input.comparisons.map(comparison => comparison.layers.length))
  for (let rows = most; ; rows = Math.floor(rows / 2)) {
    const body = render(input, rows, true)
    if (body.length <= limit) return body
    if (rows === 0) break
  }
  return render(input, 0, false)
}

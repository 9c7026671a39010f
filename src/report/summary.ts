import { layerWords } from './compare.js'
import type { ImageReport, LayerReport } from './types.js'
import {
  code,
  escapeText,
  formatBytes,
  formatDuration,
  shorten,
  textWithCode,
  htmlText
} from './format.js'

const LARGEST_LAYERS = 10
const INSTRUCTION_WIDTH = 80

function targetRow(report: ImageReport): string {
  const { build } = report
  const cells = [
    escapeText(report.target),
    formatBytes(report.compressedBytes),
    formatBytes(report.uncompressedBytes),
    String(report.layers.length),
    formatBytes(report.wastedBytes),
    formatDuration(build.durationMs),
    build.totalSteps > 0 ? `${build.cachedSteps}/${build.totalSteps}` : '–'
  ]
  return `| ${cells.join(' | ')} |`
}

/** `, 2 hints`; nothing when there are none. */
const hintCount = (count: number): string =>
  count === 0 ? '' : `, ${count} hint${count === 1 ? '' : 's'}`

function layerRow(report: ImageReport, layer: LayerReport): string {
  const what = shorten(layerWords(layer), INSTRUCTION_WIDTH)
  const cells = [
    formatBytes(layer.uncompressedBytes),
    formatBytes(layer.compressedBytes),
    layer.line ? `${escapeText(report.dockerfile)}:${layer.line}` : '',
    escapeText(layer.stage),
    code(what)
  ]
  return `| ${cells.join(' | ')} |`
}

function largestLayers(report: ImageReport): string {
  const layers = [...report.layers]
    .sort((a, b) => b.uncompressedBytes - a.uncompressedBytes)
    .slice(0, LARGEST_LAYERS)
  return [
    `<details><summary>${htmlText(report.target)}: ${layers.length} largest layers${hintCount(report.hints.length)}</summary>`,
    '',
    '| Size | Compressed | Line | Stage | Instruction |',
    '|---:|---:|---|---|---|',
    ...layers.map(layer => layerRow(report, layer)),
    '',
    ...hintList(report),
    '</details>'
  ].join('\n')
}

/**
 * One hint as a list item: where, what to do, and what it saves. The message is
 * escaped too: in mode comment, a report (and its hints) come from a PR's artifact.
 */
export function hintItem(report: ImageReport, hint: ImageReport['hints'][number]): string {
  const where = hint.line ? `${escapeText(report.dockerfile)}:${hint.line}: ` : ''
  const saves = hint.bytes ? ` (${formatBytes(hint.bytes)})` : ''
  return `- ${where}${textWithCode(hint.message)}${saves}`
}

function hintList(report: ImageReport): string[] {
  if (report.hints.length === 0) return []
  return ['**Hints**', '', ...report.hints.map(hint => hintItem(report, hint)), '']
}

/** The job summary: a row per target, then each target's largest layers. */
export function renderSummary(reports: ImageReport[]): string {
  const estimate = reports.some(report => report.compressedSource === 'gzip-estimate')
  return [
    '## sizegate: image sizes',
    '',
    '| Target | Compressed | Uncompressed | Layers | Wasted | Build | Cached steps |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...reports.map(targetRow),
    '',
    estimate
      ? "<sub>Compressed: an estimate, each layer gzipped at level 6 as `gzip -6` does (Docker 28's own push of the classic store stores about 3% more). Uncompressed: the bytes of each layer's files and link targets.</sub>\n"
      : '',
    ...reports.map(largestLayers)
  ].join('\n')
}

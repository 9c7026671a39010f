import { posix } from 'node:path'
import { declaredChanges, type Fix } from '../dockerfile/fixes/edits.js'
import { compareContents, type ContentsComparison } from '../image/compare-contents.js'
import type { ImageContents } from '../image/file-table.js'
import { differencesText, removalText, type RemovalFacts } from '../report/fix-text.js'
import { changeText } from '../report/gate.js'
import type { ImageReport } from '../report/types.js'
import type { FixOutcome } from './fix-report.js'

/** An image measured for a proof: its report, and what a program in it sees. */
export interface ProvenImage {
  report: ImageReport
  contents?: ImageContents
}

/** Below this a difference is the image config's own bytes (its history), not the fix's. */
const MEASURABLE = 4096
/** Dev packages a verified fix's text names, largest first; the rest are counted. */
const NAMED_PACKAGES = 3

/** The leading layers of an image that its base image gave it. */
function baseLayersOf(report: ImageReport): number {
  const index = report.layers.findIndex(layer => layer.instruction !== 'FROM')
  return index === -1 ? report.layers.length : index
}

/** `typescript 5.6.3` for each dev package folder the fix removed, largest first. */
function devPackageNames(head: ImageReport, folders: string[]): RemovalFacts['devPackages'] {
  const names = new Set(
    folders.map(folder => folder.slice(folder.lastIndexOf('node_modules/') + 13))
  )
  const known = (head.packages?.list ?? []).filter(
    item => item.ecosystem === 'npm' && item.dev && names.has(item.name)
  )
  return {
    count: names.size,
    largest: known
      .slice(0, NAMED_PACKAGES)
      .map(item => `${item.name} ${item.versions.join(', ')}`.trim())
  }
}

/** The base image's Debian (or Alpine) packages the fixed image no longer has. */
function basePackagesGone(head: ImageReport, fixed: ImageReport): string[] {
  const system = (report: ImageReport) =>
    (report.packages?.list ?? []).filter(
      item =>
        (item.ecosystem === 'deb' || item.ecosystem === 'apk') && item.layer < baseLayersOf(report)
    )
  const kept = new Set(system(fixed).map(item => item.name))
  return system(head)
    .filter(item => !kept.has(item.name))
    .map(item => item.name)
}

/**
 * The file the image starts, as its first Entrypoint or Cmd word names it: found
 * in the image (through PATH, following symlinks), or undefined when it names none.
 */
export function startsProgram(contents: ImageContents): boolean | undefined {
  const { Entrypoint, Cmd, Env } = contents.config
  const first = [Entrypoint, Cmd].find(value => Array.isArray(value) && value.length > 0)
  const program = (first as string[] | undefined)?.[0]
  if (!program) return undefined
  const path = (Env as string[] | undefined)?.find(entry => entry.startsWith('PATH='))?.slice(5)
  const candidates = program.includes('/')
    ? [posix.resolve('/', program)]
    : (path ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
        .split(':')
        .map(folder => posix.join(posix.resolve('/', folder), program))
  return candidates.some(candidate => resolvesToFile(contents, candidate))
}

/** Whether an absolute path leads, through at most 40 symlinks, to a file. */
function resolvesToFile(contents: ImageContents, absolute: string): boolean {
  let path = absolute
  for (let hop = 0; hop < 40; hop++) {
    const record = contents.files.get(path.slice(1))
    if (!record) return false
    if (record.kind === 'file' || record.kind === 'hardlink') return true
    if (record.kind !== 'symlink') return false
    path = posix.resolve(posix.dirname(path), record.link)
  }
  return false
}

/** Why a fix's image, comparing as it does, is no proof; undefined when it is one. */
function refusal(
  comparison: ContentsComparison,
  head: ProvenImage,
  fixed: ProvenImage,
  saving: string
): string | undefined {
  if (comparison.differenceCount > 0)
    return `it changes the app (${saving}): ${differencesText(comparison.differences, comparison.differenceCount)}`
  const starts = (image: ProvenImage) => image.contents && startsProgram(image.contents)
  if (starts(head) === true && starts(fixed) === false)
    return `it changes the app (${saving}): the program the image starts is not in it`
  return undefined
}

/**
 * A fix's outcome from the original image and the image built with it: a saving
 * only where it saves something measurable and its image is the original, file
 * for file and by its runtime config, apart from what its rules declare.
 */
export function fixOutcome(head: ProvenImage, fixed: ProvenImage, fixes: Fix[]): FixOutcome {
  const saving = {
    compressedBytes: head.report.compressedBytes - fixed.report.compressedBytes,
    uncompressedBytes: head.report.uncompressedBytes - fixed.report.uncompressedBytes
  }
  const savingWords = `the image changed by ${changeText(-saving.compressedBytes, null)} compressed, ${changeText(-saving.uncompressedBytes, null)} on disk`
  if (saving.compressedBytes < MEASURABLE && saving.uncompressedBytes < MEASURABLE)
    return {
      saving: null,
      unverified: `it saved nothing measurable (${savingWords})`,
      removes: null
    }
  if (!head.contents || !fixed.contents)
    return {
      saving: null,
      unverified: "its image's files were not compared with the original's",
      removes: null
    }
  const comparison = compareContents(
    { contents: head.contents, baseLayers: baseLayersOf(head.report) },
    { contents: fixed.contents, baseLayers: baseLayersOf(fixed.report) },
    declaredChanges(fixes)
  )
  const refused = refusal(comparison, head, fixed, savingWords)
  if (refused) return { saving: null, unverified: refused, removes: null }
  const facts: RemovalFacts = {
    devPackages: devPackageNames(head.report, comparison.devFoldersRemoved),
    removed: comparison.removed,
    basePackages: basePackagesGone(head.report, fixed.report)
  }
  return { saving, unverified: null, removes: removalText(facts) }
}

import type { ImageReport } from './types.js'

/** One path's change between the base image and the head image. */
export interface PathChange {
  path: string
  /** Bytes on each side; 0 where the path is not there (or under the summary's floor). */
  base: number
  head: number
  delta: number
  status: 'new' | 'gone' | 'grown' | 'shrunk'
  /** The Dockerfile line of the layer that wrote most of it (the base's, for a path gone). */
  line: number | null
}

/** A folder that explains a change, with the parts of it that changed most. */
export interface GrowthGroup extends PathChange {
  parts: PathChange[]
}

interface Sized {
  bytes: number
  line: number | null
}

const GROUPS = 5
const PARTS = 3
/** A part is named when it moved at least this share of its folder's change. */
const PART_SHARE = 0.02
/** Below this a change is noise: file metadata, timestamps in logs. */
const MIN_CHANGE = 10_000
/** Follow a single child while it carries this share of its folder's change, up and down. */
const CARRIES = 0.8

/** Folders (complete down to the summary's floor) and largest files, with their lines. */
function pathsOf(report: ImageReport): Map<string, Sized> {
  const lineOf = (layer: number) => report.layers[layer]?.line ?? null
  const paths = new Map<string, Sized>()
  for (const folder of report.files.folders)
    paths.set(folder.path, { bytes: folder.bytes, line: lineOf(folder.layer) })
  for (const file of report.files.largestFiles)
    paths.set(file.path, { bytes: file.bytes, line: lineOf(file.layer) })
  return paths
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash === -1 ? '' : path.slice(0, slash)
}

function changeOf(path: string, before: Sized | undefined, after: Sized | undefined): PathChange {
  const base = before?.bytes ?? 0
  const head = after?.bytes ?? 0
  const delta = head - base
  const status = !before ? 'new' : !after ? 'gone' : delta > 0 ? 'grown' : 'shrunk'
  return { path, base, head, delta, status, line: (after ?? before)?.line ?? null }
}

/**
 * The size under which a file may be in the image and still missing from its
 * largest-files list: when the list holds fewer files than the image, only the largest.
 */
function unlistedBelow(report: ImageReport): number {
  const files = report.files.largestFiles
  const all = files.length === 0 || files.length >= report.files.fileCount
  return all ? 0 : files[files.length - 1].bytes
}

/** Every path whose size changed, keyed by path. */
function changedPaths(base: ImageReport, head: ImageReport): Map<string, PathChange> {
  const before = pathsOf(base)
  const after = pathsOf(head)
  const folders = new Set([...base.files.folders, ...head.files.folders].map(folder => folder.path))
  const [baseUnlisted, headUnlisted] = [unlistedBelow(base), unlistedBelow(head)]
  const changes = new Map<string, PathChange>()
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const [was, is] = [before.get(path), after.get(path)]
    // A file missing from one side's list may just be smaller than that list's last.
    const unknown =
      !folders.has(path) &&
      ((!was && (is?.bytes ?? 0) <= baseUnlisted) || (!is && (was?.bytes ?? 0) <= headUnlisted))
    const change = changeOf(path, was, is)
    if (!unknown && Math.abs(change.delta) >= MIN_CHANGE) changes.set(path, change)
  }
  return changes
}

function childrenOf(changes: Map<string, PathChange>): Map<string, PathChange[]> {
  const children = new Map<string, PathChange[]>()
  for (const change of changes.values()) {
    const parent = parentOf(change.path)
    const list = children.get(parent)
    if (list) list.push(change)
    else children.set(parent, [change])
  }
  for (const list of children.values()) list.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
  return children
}

/** Down from `change` while one child carries most of it: the most specific place that explains it. */
function explain(change: PathChange, children: Map<string, PathChange[]>): PathChange {
  let current = change
  for (;;) {
    const parts = children.get(current.path) ?? []
    const [largest] = parts
    // Parts that grew and parts that shrank both count: a swap is explained one level up.
    const gross = parts.reduce((sum, part) => sum + Math.abs(part.delta), 0)
    const share = CARRIES * Math.max(Math.abs(current.delta), gross)
    const sameWay = largest && Math.sign(largest.delta) === Math.sign(current.delta)
    if (!sameWay || Math.abs(largest.delta) < share) return current
    current = largest
  }
}

/**
 * What grew, shrank, appeared or vanished between two images, by path: the few
 * folders that explain the change, each with the parts of it that changed most.
 * Folders under the reports' floor are not tracked.
 */
export function whatGrew(base: ImageReport, head: ImageReport): GrowthGroup[] {
  const changes = changedPaths(base, head)
  const children = childrenOf(changes)
  const seen = new Set<string>()
  const groups: GrowthGroup[] = []
  for (const top of children.get('') ?? []) {
    const place = explain(top, children)
    if (seen.has(place.path)) continue
    seen.add(place.path)
    const parts = (children.get(place.path) ?? [])
      .filter(part => Math.abs(part.delta) >= PART_SHARE * Math.abs(place.delta))
      .slice(0, PARTS)
    groups.push({ ...place, parts })
  }
  return groups.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta)).slice(0, GROUPS)
}

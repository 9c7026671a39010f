import { LayerEntries, type LayerEntry } from './layer.js'
import { placePackages } from './packages/place.js'
import type { ImagePackage, PackageEvidence } from './packages/types.js'
import {
  addAllLayerBytes,
  addLayerBytes,
  type DirNode,
  type FileNode,
  FileTree,
  largestLayer,
  type LayerBytes,
  type TreeNode
} from './tree.js'
import { type HiddenCopies, WasteCounter } from './waste.js'
import { whitedOut } from './whiteout.js'

interface PathBytes {
  path: string
  bytes: number
}

/** A folder of the final filesystem: its bytes, its files, and the layer that wrote most of them. */
interface FolderSummary extends PathBytes {
  files: number
  layer: number
}

/** A compact view of the image's files, enough to diff two images without them. */
interface FileSummary {
  /** Files (and links) in the final filesystem. */
  fileCount: number
  largestFiles: (PathBytes & { layer: number })[]
  /** Every folder of at least `floor` bytes (the largest, when there are too many). */
  folders: FolderSummary[]
  /** Folders below this size are left out; a diff treats them as at most this. */
  floor: number
}

/** Bytes a package manager's cache or lists leave in the image, and the layer that holds most. */
interface CacheDirectory extends PathBytes {
  layer: number
}

export interface FileAnalysis {
  files: FileSummary
  caches: CacheDirectory[]
  /** Bytes of every copy of a path that more than one layer holds (dive's measure). */
  wastedBytes: number
  /** Σ smallest copy per path / Σ all copies (dive's), 1 when nothing is written twice. */
  efficiency: number
  /** Copies later layers replaced or deleted, by writer and hider layer. */
  hidden: HiddenCopies[]
  /** The packages whose metadata the layers held, largest first. */
  packages: ImagePackage[]
}

/** Folders only caches and package lists live in; nothing at run time needs them. */
export const CACHE_DIRECTORIES = [
  'var/lib/apt/lists',
  'var/cache/apt',
  'var/cache/apk',
  'var/cache/yum',
  'var/cache/dnf',
  'root/.cache/pip',
  'root/.npm',
  'usr/local/share/.cache/yarn',
  'root/.cache/yarn',
  'root/.cache/go-build',
  'root/.cargo/registry',
  'root/.m2/repository',
  'root/.gradle/caches'
]

const LARGEST_FILES = 50
/** Enough folders to explain a change, few enough to keep a report of 100,000 files small. */
const MAX_FOLDERS = 1500
const FOLDER_FLOOR = 64 * 1024

interface FolderTotals extends LayerBytes {
  files: number
}

type ListedFile = PathBytes & { layer: number }

const bySize = <T extends PathBytes>(a: T, b: T): number =>
  b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)

/** The largest files seen so far, at most LARGEST_FILES; a path is only made for a contender. */
class LargestFiles {
  readonly files: ListedFile[] = []
  count = 0

  offer(parent: string, name: string, bytes: number, layer: number): void {
    this.count += 1
    const last = this.files[LARGEST_FILES - 1]
    if (last && bytes < last.bytes) return
    const file = { path: parent ? `${parent}/${name}` : name, bytes, layer }
    if (last && bySize(file, last) >= 0) return
    this.files.push(file)
    this.files.sort(bySize)
    if (this.files.length > LARGEST_FILES) this.files.pop()
  }
}

/** A folder being totalled: its path, its totals so far, and the children still to visit. */
interface FolderFrame {
  path: string
  totals: FolderTotals
  children: Iterator<[string, TreeNode]>
}

function addTotals(to: FolderTotals, from: FolderTotals): void {
  to.files += from.files
  addAllLayerBytes(to, from)
}

/**
 * Totals of every folder under `root`, children first, each folder's written to
 * `out`. A stack of its own, not recursion: folders may nest thousands deep.
 */
function totalFolders(root: DirNode, out: Map<string, FolderTotals>, largest: LargestFiles): void {
  const frame = (path: string, dir: DirNode): FolderFrame => ({
    path,
    totals: { bytes: 0, files: 0, byLayer: new Map() },
    children: dir.children[Symbol.iterator]()
  })
  const stack = [frame('', root)]
  while (stack.length > 0) {
    const top = stack[stack.length - 1]
    const next = top.children.next()
    if (next.done) {
      stack.pop()
      if (top.path) out.set(top.path, top.totals)
      if (stack.length > 0) addTotals(stack[stack.length - 1].totals, top.totals)
      continue
    }
    const [name, child] = next.value
    if (child.kind === 'dir') {
      stack.push(frame(top.path ? `${top.path}/${name}` : name, child))
      continue
    }
    top.totals.files += 1
    addLayerBytes(top.totals, child.layer, child.bytes)
    largest.offer(top.path, name, child.bytes, child.layer)
  }
}

function summarize(
  totals: Map<string, FolderTotals>,
  largest: LargestFiles
): { summary: FileSummary; caches: CacheDirectory[] } {
  const big = [...totals]
    .filter(([, folder]) => folder.bytes >= FOLDER_FLOOR)
    .map(([path, folder]) => ({
      path,
      bytes: folder.bytes,
      files: folder.files,
      layer: largestLayer(folder.byLayer)
    }))
    .sort(bySize)
  const folders = big.slice(0, MAX_FOLDERS)
  const caches = CACHE_DIRECTORIES.flatMap(path => {
    const folder = totals.get(path)
    return folder && folder.bytes > 0
      ? [{ path, bytes: folder.bytes, layer: largestLayer(folder.byLayer) }]
      : []
  })
  return {
    summary: {
      fileCount: largest.count,
      largestFiles: largest.files,
      folders,
      floor: big.length > MAX_FOLDERS ? folders[folders.length - 1].bytes : FOLDER_FLOOR
    },
    caches
  }
}

/**
 * Folders of the tree by path, remembering the last one: a layer tar lists a
 * folder's entries together, so most lookups are that folder again. Good while
 * entries are only added, as within the second pass over a layer.
 */
class FolderLookup {
  private lastPath: string | undefined
  private last: DirNode | undefined

  constructor(private readonly tree: FileTree) {}

  get(path: string): DirNode {
    if (path !== this.lastPath || !this.last) {
      this.last = this.tree.folder(path)
      this.lastPath = path
    }
    return this.last
  }
}

/**
 * Applies the layers in order and measures the result. Within a layer, its
 * whiteouts act on the layers below first, then its own entries land: a layer
 * that empties a folder and fills it again keeps what it put there.
 */
export function analyzeFiles(
  layers: Iterable<Iterable<LayerEntry>>,
  packageEvidence: PackageEvidence[][] = []
): FileAnalysis {
  const tree = new FileTree()
  const waste = new WasteCounter()
  let layer = 0
  for (const list of layers) {
    const entries = LayerEntries.of(list)
    waste.addLayer(layer, entries, tree)
    applyDeletions(entries, tree)
    addEntries(entries, tree, layer)
    layer += 1
  }
  const totals = new Map<string, FolderTotals>()
  const largest = new LargestFiles()
  totalFolders(tree.root, totals, largest)
  const { summary, caches } = summarize(totals, largest)
  const packages = placePackages(packageEvidence, tree, totals)
  return { files: summary, caches, packages, ...waste.result() }
}

/** A layer's whiteouts and opaque markers, on the layers below. */
function applyDeletions(entries: LayerEntries, tree: FileTree): void {
  for (let index = 0; index < entries.length; index++) {
    const kind = entries.kindAt(index)
    const path = entries.pathAt(index)
    if (kind === 'whiteout') tree.remove(whitedOut(path))
    if (kind === 'opaque') tree.clear(path.slice(0, Math.max(0, path.lastIndexOf('/'))))
  }
}

/** A layer's own files, links and folders, over what is left below. */
function addEntries(entries: LayerEntries, tree: FileTree, layer: number): void {
  const folders = new FolderLookup(tree)
  for (let index = 0; index < entries.length; index++) {
    const kind = entries.kindAt(index)
    const path = entries.pathAt(index)
    if (kind === 'directory') folders.get(path)
    else if (kind !== 'whiteout' && kind !== 'opaque') {
      const slash = path.lastIndexOf('/')
      const bytes = entries.bytesAt(index)
      const file: FileNode = { kind: 'file', bytes, tarSize: kind === 'file' ? bytes : 0, layer }
      folders
        .get(slash === -1 ? '' : path.slice(0, slash))
        .children.set(path.slice(slash + 1), file)
    }
  }
}

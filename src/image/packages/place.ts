import { posix } from 'node:path'
import {
  addAllLayerBytes,
  addLayerBytes,
  type FileNode,
  type FileTree,
  largestLayer,
  type LayerBytes
} from '../tree.js'
import { folderOf } from './npm.js'
import { fileListRank, infoFolderOf, packageHomeOf } from './python.js'
import type { Ecosystem, ImagePackage, PackageEvidence, PackageName } from './types.js'

/** One copy of a package in the image, before copies of the same name are joined. */
interface Copy extends PackageName, LayerBytes {
  ecosystem: Ecosystem
  dev: boolean
}

export type Evidence<K extends PackageEvidence['kind']> = Extract<PackageEvidence, { kind: K }>

/** Folders a merged-/usr system keeps as links into /usr: package lists still name them. */
const MERGED_USR = new Set(['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'])

/**
 * The packages of the image's final files, from the evidence each layer's
 * metadata gave: evidence counts only where its file is still the final image's
 * (a later layer may rewrite dpkg's status or delete a package).
 */
export function placePackages(
  layers: PackageEvidence[][],
  tree: FileTree,
  folders: ReadonlyMap<string, LayerBytes>
): ImagePackage[] {
  const live: PackageEvidence[] = []
  layers.forEach((list, layer) => {
    for (const evidence of list) {
      const node = tree.get(evidence.path)
      if (node?.kind === 'file' && node.layer === layer) live.push(evidence)
    }
  })
  const of = <K extends PackageEvidence['kind']>(kind: K) =>
    live.filter((evidence): evidence is Evidence<K> => evidence.kind === kind)
  const files = new ImageFiles(tree)
  return joinCopies([
    ...npmCopies(of('npm'), of('npm-dev'), folders),
    ...pythonCopies(of('python'), of('python-files'), files, folders),
    ...listedCopies(
      'deb',
      of('deb').flatMap(status => status.packages),
      debFileLists(of('deb-files')),
      files
    ),
    ...listedCopies(
      'apk',
      of('apk').flatMap(db => db.packages),
      undefined,
      files
    ),
    ...goCopies(of('go'), files),
    ...javaCopies(of('java'), files)
  ])
}

/** Files of the final image by path, each counted for one package only. */
class ImageFiles {
  /** By node, not path: `bin/x` and `usr/bin/x` are one file on a merged /usr. */
  private readonly claimed = new Set<FileNode>()

  constructor(private readonly tree: FileTree) {}

  at(path: string): FileNode | undefined {
    const node = this.tree.get(path)
    if (node?.kind === 'file') return node
    const top = path.slice(0, path.indexOf('/'))
    if (!MERGED_USR.has(top)) return undefined
    const merged = this.tree.get(`usr/${path}`)
    return merged?.kind === 'file' ? merged : undefined
  }

  /** The bytes of `paths` not yet claimed by another package, by layer. */
  claim(paths: Iterable<string>): LayerBytes {
    const total: LayerBytes = { bytes: 0, byLayer: new Map() }
    for (const path of paths) {
      const node = this.at(path)
      if (!node || this.claimed.has(node)) continue
      this.claimed.add(node)
      addLayerBytes(total, node.layer, node.bytes)
    }
    return total
  }
}

const noBytes = (): LayerBytes => ({ bytes: 0, byLayer: new Map() })

/** A folder's bytes less a subfolder's (a package less the packages nested in it). */
function without(folder: LayerBytes | undefined, part: LayerBytes | undefined): LayerBytes {
  const rest = noBytes()
  for (const [layer, bytes] of folder?.byLayer ?? [])
    addLayerBytes(rest, layer, bytes - (part?.byLayer.get(layer) ?? 0))
  return rest
}

const join = (folder: string, path: string): string => (folder ? `${folder}/${path}` : path)

/** Folders of packages only development needs: from lockfiles where a project has one, else its devDependencies. */
export function npmDevFolders(evidence: Evidence<'npm-dev'>[]): Set<string> {
  const projectOf = (item: Evidence<'npm-dev'>) =>
    item.path.endsWith('/.package-lock.json') || item.path === 'node_modules/.package-lock.json'
      ? folderOf(folderOf(item.path))
      : folderOf(item.path)
  const locked = new Set(evidence.filter(item => item.fromLockfile).map(projectOf))
  const dev = new Set<string>()
  for (const item of evidence) {
    const project = projectOf(item)
    if (item.fromLockfile || !locked.has(project))
      for (const folder of item.devFolders) dev.add(join(project, folder))
  }
  return dev
}

function npmCopies(
  manifests: Evidence<'npm'>[],
  devEvidence: Evidence<'npm-dev'>[],
  folders: ReadonlyMap<string, LayerBytes>
): Copy[] {
  const dev = npmDevFolders(devEvidence)
  return manifests.map(manifest => {
    const folder = folderOf(manifest.path)
    const own = without(folders.get(folder), folders.get(`${folder}/node_modules`))
    return { ecosystem: 'npm', ...manifest.package, ...own, dev: dev.has(folder) }
  })
}

function pythonCopies(
  metadata: Evidence<'python'>[],
  lists: Evidence<'python-files'>[],
  files: ImageFiles,
  folders: ReadonlyMap<string, LayerBytes>
): Copy[] {
  // pip's order: RECORD where a folder has both lists.
  const ranked = [...lists].sort((a, b) => fileListRank(b.path) - fileListRank(a.path))
  const listed = new Map(ranked.map(list => [infoFolderOf(list.path), list.files]))
  return metadata.map(item => {
    const info = infoFolderOf(item.path)
    const site = folderOf(info)
    const paths = listed.get(info)
    // Without a file list, the package is its metadata folder (a whole egg) or file alone.
    const home = packageHomeOf(info)
    const own = paths
      ? files.claim(paths.map(path => posix.normalize(`/${join(site, path)}`).slice(1)))
      : (folders.get(home) ?? files.claim([home]))
    return { ecosystem: 'python', ...item.package, ...own, dev: false }
  })
}

function debFileLists(lists: Evidence<'deb-files'>[]): Map<string, string[]> {
  const byPackage = new Map<string, string[]>()
  for (const list of lists)
    byPackage.set(list.package, [...(byPackage.get(list.package) ?? []), ...list.files])
  return byPackage
}

/** Packages whose metadata lists their files (dpkg's, apk's). */
function listedCopies(
  ecosystem: Ecosystem,
  packages: (PackageName & { files?: string[] })[],
  lists: Map<string, string[]> | undefined,
  files: ImageFiles
): Copy[] {
  return packages.map(item => ({
    ecosystem,
    name: item.name,
    version: item.version,
    ...files.claim(item.files ?? lists?.get(item.name) ?? []),
    dev: false
  }))
}

function goCopies(binaries: Evidence<'go'>[], files: ImageFiles): Copy[] {
  return binaries.flatMap(binary => {
    const node = files.at(binary.path)
    if (!node) return []
    const own = noBytes()
    addLayerBytes(own, node.layer, node.bytes)
    const name = binary.main.name || binary.path.slice(binary.path.lastIndexOf('/') + 1)
    return [
      { ecosystem: 'go' as const, ...binary.main, name, ...own, dev: false },
      ...binary.modules.map(module => ({
        ecosystem: 'go' as const,
        ...module,
        bytes: 0,
        byLayer: new Map([[node.layer, 0]]),
        dev: false
      }))
    ]
  })
}

function javaCopies(jars: Evidence<'java'>[], files: ImageFiles): Copy[] {
  return jars.flatMap(jar => {
    const layer = files.at(jar.path)?.layer ?? 0
    return jar.jars.map(item => ({
      ecosystem: 'java' as const,
      name: item.name,
      version: item.version,
      bytes: item.bytes,
      byLayer: new Map([[layer, item.bytes]]),
      dev: false
    }))
  })
}

const UNKNOWN = 'unknown'

/** Copies of one name (npm nests several versions) joined into one package, largest first. */
function joinCopies(copies: Copy[]): ImagePackage[] {
  const joined = new Map<string, Copy & { versionSet: Set<string>; allDev: boolean }>()
  for (const copy of copies) {
    const key = `${copy.ecosystem}\0${copy.name}`
    const seen = joined.get(key)
    if (!seen) {
      const byLayer = new Map(copy.byLayer)
      joined.set(key, {
        ...copy,
        byLayer,
        versionSet: new Set([copy.version ?? UNKNOWN]),
        allDev: copy.dev
      })
      continue
    }
    addAllLayerBytes(seen, copy)
    seen.versionSet.add(copy.version ?? UNKNOWN)
    seen.allDev &&= copy.dev
  }
  return [...joined.values()]
    .map(item => ({
      ecosystem: item.ecosystem,
      name: item.name,
      versions: [...item.versionSet].sort(),
      bytes: Math.max(0, item.bytes),
      layer: largestLayer(item.byLayer),
      dev: item.allDev
    }))
    .sort(
      (a, b) =>
        b.bytes - a.bytes || a.ecosystem.localeCompare(b.ecosystem) || a.name.localeCompare(b.name)
    )
}

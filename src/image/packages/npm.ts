import type { PackageEvidence, PackageName } from './types.js'

/** `…/node_modules/<name>/package.json` or `…/@scope/<name>/…`; names never start with a dot (`.pnpm`, `.bin`). */
const MANIFEST = /(?:^|\/)node_modules\/(?:@[^/.][^/]*\/)?[^/.][^/]*\/package\.json$/
const HIDDEN_LOCKFILE = /(?:^|\/)node_modules\/\.package-lock\.json$/
const PROJECT_FILE = /(?:^|\/)(?:package\.json|package-lock\.json)$/

export type NpmFile = 'manifest' | 'lockfile' | 'project'

/** Which npm metadata a path is, if any. */
export function npmFileAt(path: string): NpmFile | undefined {
  if (!path.endsWith('.json')) return undefined
  if (MANIFEST.test(path)) return 'manifest'
  if (HIDDEN_LOCKFILE.test(path)) return 'lockfile'
  // A project's own files, not a package's: no node_modules on the way.
  if (PROJECT_FILE.test(path) && !path.includes('node_modules/')) return 'project'
  return undefined
}

function json(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null)

/** The folder of a package.json path: the package's or the project's. */
export const folderOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')))

/** A package's name and version from its package.json; the folder's name where the file is unreadable. */
export function npmPackage(path: string, contents: string | undefined): PackageName {
  const manifest = contents === undefined ? undefined : json(contents)
  const folder = folderOf(path)
  const fallback = folder.slice(folder.lastIndexOf('node_modules/') + 'node_modules/'.length)
  return { name: text(manifest?.name) ?? fallback, version: text(manifest?.version) }
}

/**
 * The packages only development needs, as folders relative to the project: from a
 * lockfile (v2 and v3 mark each entry of `packages` dev; v1 each of its nested
 * `dependencies`), or else the project's own devDependencies (direct ones only).
 * undefined when the file says nothing.
 */
export function npmDevEvidence(
  path: string,
  contents: string
): Extract<PackageEvidence, { kind: 'npm-dev' }> | undefined {
  const document = json(contents)
  if (!document) return undefined
  const packages = document.packages
  if (packages && typeof packages === 'object') {
    const devFolders = Object.entries(packages as Record<string, unknown>)
      .filter(([folder, entry]) => folder && isDev(entry))
      .map(([folder]) => folder)
    return { kind: 'npm-dev', path, devFolders, fromLockfile: true }
  }
  if (document.lockfileVersion === 1)
    return {
      kind: 'npm-dev',
      path,
      devFolders: v1DevFolders(document.dependencies),
      fromLockfile: true
    }
  const dev = document.devDependencies
  if (!dev || typeof dev !== 'object') return undefined
  const devFolders = Object.keys(dev).map(name => `node_modules/${name}`)
  return { kind: 'npm-dev', path, devFolders, fromLockfile: false }
}

/** A v1 lockfile's dev entries, as folders: each of `dependencies` nests in its parent's node_modules. */
function v1DevFolders(dependencies: unknown): string[] {
  const folders: string[] = []
  // A stack of its own: a lockfile may nest deep.
  const stack: [string, unknown][] = [['', dependencies]]
  while (stack.length > 0) {
    const [parent, level] = stack.pop() as [string, unknown]
    if (!level || typeof level !== 'object') continue
    for (const [name, entry] of Object.entries(level as Record<string, unknown>)) {
      const folder = `${parent}node_modules/${name}`
      if (isDev(entry)) folders.push(folder)
      stack.push([`${folder}/`, (entry as Record<string, unknown> | null)?.dependencies])
    }
  }
  return folders
}

function isDev(entry: unknown): boolean {
  if (!entry || typeof entry !== 'object') return false
  const flags = entry as Record<string, unknown>
  return flags.dev === true || flags.devOptional === true
}

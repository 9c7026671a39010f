import type { PackageName } from './types.js'

/**
 * Where a Python package's metadata lies, in the layouts pip and setuptools write:
 * `<dist>.dist-info/METADATA`, `<dist>.egg-info/PKG-INFO`, a single-file
 * `<dist>.egg-info` (what distutils' install_egg_info writes), and an unpacked egg's
 * `<dist>.egg/EGG-INFO/PKG-INFO`; its file list, `RECORD` or `installed-files.txt`,
 * in either kind of info folder.
 */
const METADATA = /\.(?:dist-info\/METADATA|egg-info\/PKG-INFO|egg-info|egg\/EGG-INFO\/PKG-INFO)$/
const FILE_LIST = /\.(?:dist|egg)-info\/(?:RECORD|installed-files\.txt)$/

export type PythonFile = 'metadata' | 'files'

export function pythonFileAt(path: string): PythonFile | undefined {
  if (METADATA.test(path)) return 'metadata'
  if (FILE_LIST.test(path)) return 'files'
  return undefined
}

/** The `.dist-info`, `.egg-info` or `EGG-INFO` folder a metadata file lies in; a single-file `.egg-info` itself. */
export const infoFolderOf = (path: string): string =>
  path.endsWith('.egg-info') ? path : path.slice(0, path.lastIndexOf('/'))

/**
 * What a package is when it lists no files: its info folder (or single file), or,
 * for an unpacked egg, the whole `.egg` folder its code lives in.
 */
export const packageHomeOf = (info: string): string =>
  info.endsWith('.egg/EGG-INFO') ? info.slice(0, info.lastIndexOf('/')) : info

/** pip's order among a package's file lists: RECORD before installed-files.txt. */
export const fileListRank = (path: string): number => (path.endsWith('/RECORD') ? 0 : 1)

/** PEP 503's normal form: what pip compares names by. */
const normalName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-')

/**
 * Name and version from the headers of a METADATA or PKG-INFO file (RFC 822
 * style, ended by a blank line). Without a Name header, the folder's name says it.
 */
export function pythonPackage(path: string, contents: string | undefined): PackageName {
  const headers = new Map<string, string>()
  for (const line of (contents ?? '').split('\n')) {
    if (line.trim() === '') break
    const colon = line.indexOf(':')
    if (colon > 0 && !/^\s/.test(line))
      headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim())
  }
  const home = packageHomeOf(infoFolderOf(path))
  const stem = home.slice(home.lastIndexOf('/') + 1).replace(/\.(dist-info|egg-info|egg)$/, '')
  const [fallbackName, fallbackVersion] = stem.split('-')
  const name = headers.get('name') || fallbackName
  const version = headers.get('version') || (headers.has('name') ? null : fallbackVersion || null)
  return { name: normalName(name), version }
}

/**
 * The files a RECORD (CSV: path, hash, size) or installed-files.txt lists,
 * relative to the folder the `.dist-info` or `.egg-info` lies in.
 */
export function pythonFiles(path: string, contents: string): string[] {
  const egg = path.endsWith('installed-files.txt')
  const folder = infoFolderOf(path)
  const info = folder.slice(folder.lastIndexOf('/') + 1)
  const files: string[] = []
  for (const line of contents.split('\n')) {
    const file = egg ? line.trim() : firstCsvField(line)
    if (!file) continue
    // installed-files.txt lists paths relative to the .egg-info folder itself.
    files.push(egg ? `${info}/${file}` : file)
  }
  return files
}

/** The first field of a CSV line: quoted (with "" for a quote) or up to the first comma. */
function firstCsvField(line: string): string {
  if (!line.startsWith('"')) return line.split(',', 1)[0].trim()
  let field = ''
  for (let at = 1; at < line.length; at++) {
    if (line[at] !== '"') field += line[at]
    else if (line[at + 1] === '"') {
      field += '"'
      at++
    } else break
  }
  return field
}

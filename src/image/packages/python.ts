import type { PackageName } from './types.js'

/** `<dist>.dist-info/METADATA|RECORD`, `<dist>.egg-info/PKG-INFO|installed-files.txt`. */
const METADATA = /\.(?:dist-info\/METADATA|egg-info\/PKG-INFO)$/
const FILE_LIST = /\.(?:dist-info\/RECORD|egg-info\/installed-files\.txt)$/

export type PythonFile = 'metadata' | 'files'

export function pythonFileAt(path: string): PythonFile | undefined {
  if (METADATA.test(path)) return 'metadata'
  if (FILE_LIST.test(path)) return 'files'
  return undefined
}

/** The `.dist-info` or `.egg-info` folder a metadata file lies in. */
export const infoFolderOf = (path: string): string => path.slice(0, path.lastIndexOf('/'))

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
  const folder = infoFolderOf(path)
  const stem = folder.slice(folder.lastIndexOf('/') + 1).replace(/\.(dist|egg)-info$/, '')
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

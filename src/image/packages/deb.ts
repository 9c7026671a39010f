import { stanzas } from './stanzas.js'
import type { PackageName } from './types.js'

const STATUS = 'var/lib/dpkg/status'
/** Distroless images have no status file: one stanza a package, and its md5sums. */
const STATUS_D = /^var\/lib\/dpkg\/status\.d\/([^/]+?)(\.md5sums)?$/
const LIST = /^var\/lib\/dpkg\/info\/([^/]+)\.list$/

export type DebFile = { file: 'status' } | { file: 'files'; package: string }

export function debFileAt(path: string): DebFile | undefined {
  if (!path.startsWith('var/lib/dpkg/')) return undefined
  if (path === STATUS) return { file: 'status' }
  const list = LIST.exec(path)
  if (list) return { file: 'files', package: list[1] }
  const status = STATUS_D.exec(path)
  if (!status) return undefined
  return status[2] ? { file: 'files', package: status[1] } : { file: 'status' }
}

/** A package's name as its file list names it: `libc6:amd64.list` is libc6's. */
export const debName = (listName: string): string => listName.replace(/:[^:]*$/, '')

/**
 * The installed packages of a status file. Distroless's `status.d` stanzas have
 * no Status field: everything listed there is installed.
 */
export function debPackages(contents: string): PackageName[] {
  const packages: PackageName[] = []
  for (const fields of stanzas(contents)) {
    const field = new Map(fields.map(([key, value]) => [key.toLowerCase(), value]))
    const name = field.get('package')
    const status = field.get('status')
    if (!name || (status !== undefined && !/ installed$/.test(status))) continue
    packages.push({ name, version: field.get('version') || null })
  }
  return packages
}

/**
 * The files of a package's list: `.list` lines are absolute paths, folders too,
 * each before what it holds (a folder may be a link in the image, as /bin is on a
 * merged /usr: it is left out by that order); `.md5sums` lines are
 * `<md5>  <path from the root>`, files only.
 */
export function debFiles(path: string, contents: string): string[] {
  const md5sums = path.endsWith('.md5sums')
  const paths = contents
    .split('\n')
    .map(line => (md5sums ? line.replace(/^[0-9a-f]+\s+/, '') : line).trim().replace(/^\/+/, ''))
    .filter(Boolean)
  return paths.filter((file, index) => !paths[index + 1]?.startsWith(`${file}/`))
}

import { stanzas } from './stanzas.js'
import type { PackageName } from './types.js'

export const APK_DATABASE = 'lib/apk/db/installed'

/**
 * The packages of Alpine's installed database (apk's documented format: `P:` name,
 * `V:` version, `F:` a folder, `R:` a file in the folder before it), with their files.
 */
export function apkPackages(contents: string): (PackageName & { files: string[] })[] {
  const packages: (PackageName & { files: string[] })[] = []
  for (const fields of stanzas(contents)) {
    let name = ''
    let version: string | null = null
    let folder = ''
    const files: string[] = []
    for (const [key, value] of fields) {
      if (key === 'P') name = value
      else if (key === 'V') version = value || null
      else if (key === 'F') folder = value
      else if (key === 'R') files.push(folder ? `${folder}/${value}` : value)
    }
    if (name) packages.push({ name, version, files })
  }
  return packages
}

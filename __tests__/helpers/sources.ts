import { existsSync, readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { repoRoot } from './engine.js'

/** Every source file under src/, relative to the repository. */
export const sourceFiles = (): string[] =>
  readdirSync(path.join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
    .filter(name => name.endsWith('.ts'))
    .map(name => path.join('src', name))

/** What a source file imports: other source files (absolute), and packages by module name. */
export interface Imports {
  files: string[]
  packages: string[]
}

/**
 * The imports of the source file `file` (absolute): `values` only the imports that load
 * code at run time (a dynamic `import('…')` too: it loads later, but it loads), `all`
 * every `from '…'` (type imports and re-exports too) and every dynamic import.
 */
export function importsOf(file: string, kinds: 'values' | 'all'): Imports {
  const text = readFileSync(file, 'utf8')
  const pattern =
    kinds === 'values' ? /^import (?!type )[^;]*?from '([^']+)'/gms : /\bfrom '([^']+)'/g
  const dynamic = /\bimport\('([^']+)'\)/g
  const names = [...text.matchAll(pattern), ...text.matchAll(dynamic)].map(match => match[1])
  const files = names
    .filter(name => name.startsWith('.'))
    .map(name => path.resolve(path.dirname(file), name.replace(/\.js$/, '.ts')))
    .filter(target => existsSync(target))
  return { files, packages: names.filter(name => !name.startsWith('.')) }
}

/** The source files `entry` (under src/) loads, followed to the end, with their imports. */
export function importClosure(entry: string): Map<string, Imports> {
  const seen = new Map<string, Imports>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    const imports = importsOf(file, 'values')
    seen.set(file, imports)
    imports.files.forEach(visit)
  }
  visit(path.join(repoRoot, 'src', entry))
  return seen
}

import dockerignoreModule from '@balena/dockerignore'
import { readFile } from 'node:fs/promises'
import * as path from 'node:path'
import { git, leavesFolder } from './git.js'

// CommonJS whose types declare an ES default: imported from ESM, the module is the function.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default

/**
 * Of the untracked entries of a build context (paths relative to it, folders with a
 * trailing slash), those the builder is sent: the ones `.dockerignore` keeps.
 */
export function sentToBuilder(entries: string[], dockerignoreText: string): string[] {
  const rules = dockerignore().add(dockerignoreText.split(/\r?\n/))
  return entries.filter(entry => !rules.ignores(entry.replace(/\/$/, '')))
}

/** The ignore file BuildKit reads: `<Dockerfile>.dockerignore` first, then the context's. */
async function dockerignoreText(context: string, dockerfile: string): Promise<string> {
  for (const file of [`${dockerfile}.dockerignore`, path.join(context, '.dockerignore')]) {
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text !== undefined) return text
  }
  return ''
}

/**
 * Files and folders in the head's build context that git does not track (ignored
 * ones included: a `dist/` built by an earlier step) and that the builder is sent.
 * A build of the base commit from git cannot have them.
 */
export async function untrackedInputs(
  repository: string,
  context: string,
  dockerfile: string
): Promise<string[]> {
  const inRepository = path.relative(repository, context)
  if (leavesFolder(inRepository)) return []
  const prefix = inRepository ? `${inRepository.split(path.sep).join('/')}/` : ''
  const listed = await git(repository, [
    'ls-files',
    '--others',
    '--directory',
    '-z',
    '--',
    inRepository || '.'
  ])
  if (!listed.ok) return []
  const entries = listed.stdout
    .split('\0')
    .filter(entry => entry.startsWith(prefix) && entry !== prefix)
    .map(entry => entry.slice(prefix.length))
  return sentToBuilder(entries, await dockerignoreText(context, dockerfile))
}

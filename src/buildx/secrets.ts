import { log } from '../log.js'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import * as path from 'node:path'
import type { BuildOptions, BuildSecret } from '../request.js'

/** A secret as the builder mounts it: its id, and the file or environment variable that holds its value. */
export type SecretMount = { id: string; file: string } | { id: string; env: string }

export interface SecretFiles {
  mounts: SecretMount[]
  /** Removes the files written for inline and environment secrets. */
  remove(): Promise<void>
}

/**
 * Secrets for `--secret`: a value never goes on a command line (the log echoes it,
 * `ps` shows it). Inline values are written to a folder only this user can read;
 * environment values are read by the builder's client from the variable it
 * inherits (`env=`, as build-push-action passes them); both are masked in the log.
 * Secret files are used where they are.
 */
export async function writeSecretFiles(
  secrets: BuildSecret[],
  parent: string,
  env: NodeJS.ProcessEnv
): Promise<SecretFiles> {
  let dir: string | undefined
  const mounts: SecretMount[] = []
  for (const [index, secret] of secrets.entries()) {
    if (secret.from === 'file') {
      mounts.push({ id: secret.id, file: secret.file })
      continue
    }
    const value = secret.from === 'value' ? secret.value : (env[secret.variable] ?? '')
    if (value) log.secret(value)
    if (secret.from === 'env') {
      mounts.push({ id: secret.id, env: secret.variable })
      continue
    }
    dir ??= await privateFolder(parent)
    // Named by position: an id is the user's text and chooses no path.
    const file = path.join(dir, `secret-${index}`)
    await writeFile(file, value, { mode: 0o600 })
    mounts.push({ id: secret.id, file })
  }
  const written = dir
  return {
    mounts,
    remove: async () => {
      if (written) await rm(written, { recursive: true, force: true })
    }
  }
}

async function privateFolder(parent: string): Promise<string> {
  const dir = await mkdtemp(path.join(parent, 'secrets-'))
  await chmod(dir, 0o700)
  return dir
}

/** The values of secrets given inline or through the environment: what logs and reports must never show. */
export function secretValuesOf(options: BuildOptions, env: NodeJS.ProcessEnv): string[] {
  return options.secrets
    .flatMap(secret => {
      if (secret.from === 'value') return [secret.value]
      if (secret.from === 'env') return [env[secret.variable] ?? '']
      return []
    })
    .filter(value => value !== '')
}

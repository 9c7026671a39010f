import * as path from 'node:path'
import { runCommand } from '../process/command.js'

export interface GitResult {
  ok: boolean
  stdout: string
  stderr: string
}

/** git in `repository`, quiet, never throwing for a non-zero exit; `env` is added to ours. */
export async function git(
  repository: string,
  args: string[],
  env: Record<string, string> = {}
): Promise<GitResult> {
  const result = await runCommand('git', ['-C', repository, ...args], {
    env: { ...process.env, ...env }
  })
  return { ok: result.exitCode === 0, stdout: result.stdout, stderr: result.stderr.trim() }
}

/** Whether a path made by path.relative leads out of the folder it is relative to. */
export function leavesFolder(relative: string): boolean {
  return relative.startsWith('..') || path.isAbsolute(relative)
}

/**
 * The top folder of the git checkout that holds `folder` — the workspace itself, or
 * a subfolder when actions/checkout was given `path:` — or null outside any checkout.
 */
export async function repositoryRoot(folder: string): Promise<string | null> {
  const found = await git(folder, ['rev-parse', '--show-toplevel'])
  return found.ok ? found.stdout.trim() : null
}

import {
  copyFile,
  link,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readlink,
  rm,
  symlink
} from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { git, leavesFolder } from './git.js'

/** The base commit's files, laid out as the head's checkout is. */
export interface BaseTree {
  /** Stands for the workspace: a path relative to it names the same file as in the head's. */
  workspace: string
  /** Where the repository's files are. */
  checkout: string
  /** Outside every build context: the builder's id and metadata files go here. */
  workDir: string
}

/**
 * Where the base's workspace and checkout go inside `tree`, so that the checkout
 * sits in the workspace as the head's does: the workspace itself, a subfolder
 * (actions/checkout `path:`), or a workspace inside the repository.
 */
export function baseLayout(
  workspace: string,
  repository: string,
  tree: string
): { workspace: string; checkout: string } {
  const repositoryInWorkspace = path.relative(workspace, repository)
  if (!leavesFolder(repositoryInWorkspace))
    return { workspace: tree, checkout: path.join(tree, repositoryInWorkspace) }
  const workspaceInRepository = path.relative(repository, workspace)
  if (!leavesFolder(workspaceInRepository))
    return { workspace: path.join(tree, workspaceInRepository), checkout: tree }
  return { workspace: tree, checkout: tree }
}

/** The base commit in the local clone, fetched when a shallow checkout lacks it. */
async function ensureCommit(repository: string, sha: string): Promise<void> {
  if ((await git(repository, ['cat-file', '-e', `${sha}^{commit}`])).ok) return
  const fetched = await git(repository, ['fetch', '--no-tags', '--depth=1', 'origin', sha])
  if (!fetched.ok) throw new Error(`could not fetch the base commit ${sha}: ${fetched.stderr}`)
}

/** A copy of `source` made of hard links where the file system allows, copies where not. */
async function linkTree(source: string, target: string): Promise<void> {
  const entry = await lstat(source)
  if (entry.isSymbolicLink()) return symlink(await readlink(source), target)
  if (!entry.isDirectory()) return link(source, target).catch(() => copyFile(source, target))
  await mkdir(target)
  await Promise.all(
    (await readdir(source)).map(name => linkTree(path.join(source, name), path.join(target, name)))
  )
}

/**
 * Writes the base commit's files into a new folder outside the workspace, through
 * an index of its own (the checkout's HEAD and index stay as they are), and gives
 * it the head's `.git` as it is: a `COPY . .` then copies the same `.git` into both
 * images, not a folder into one and a worktree's one-line file into the other.
 */
export async function checkOutBase(
  repository: string,
  workspace: string,
  sha: string
): Promise<BaseTree> {
  await ensureCommit(repository, sha)
  const root = await mkdtemp(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'sizegate-base-'))
  const layout = baseLayout(workspace, repository, path.join(root, 'tree'))
  await mkdir(layout.checkout, { recursive: true })
  const index = { GIT_INDEX_FILE: path.join(root, 'index') }
  for (const args of [
    ['read-tree', sha],
    ['checkout-index', '--all', '--force', `--prefix=${layout.checkout}${path.sep}`]
  ]) {
    const done = await git(repository, args, index)
    if (!done.ok) throw new Error(`could not check out the base commit: ${done.stderr}`)
  }
  const dotGit = path.join(repository, '.git')
  if (await lstat(dotGit).catch(() => undefined))
    await linkTree(dotGit, path.join(layout.checkout, '.git'))
  const workDir = path.join(root, 'work')
  await mkdir(workDir)
  return { ...layout, workDir }
}

/** Removes what checkOutBase made. */
export async function removeBase(tree: BaseTree): Promise<void> {
  await rm(path.dirname(tree.workDir), { recursive: true, force: true })
}

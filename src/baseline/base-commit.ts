import { git } from './git.js'

/**
 * The commit a pull request's head build contains as its base. On `pull_request`,
 * actions/checkout checks out GITHUB_SHA, a merge commit whose first parent is the
 * base branch as it was at the merge; the event's base SHA can be older. The raw
 * commit object names its parents even in a shallow clone.
 */
export async function baseCommitOf(
  repository: string,
  checkedOut: string,
  eventBaseSha: string
): Promise<string> {
  const head = await git(repository, ['rev-parse', 'HEAD'])
  if (!head.ok || head.stdout.trim() !== checkedOut) return eventBaseSha
  const commit = await git(repository, ['cat-file', '-p', 'HEAD'])
  const parents = [...commit.stdout.matchAll(/^parent ([0-9a-f]{40,64})$/gm)].map(match => match[1])
  return parents.length === 2 ? parents[0] : eventBaseSha
}

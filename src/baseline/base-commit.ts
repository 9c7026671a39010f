import * as exec from '@actions/exec'

/**
 * The commit a pull request's head build contains as its base. On `pull_request`,
 * actions/checkout checks out GITHUB_SHA, a merge commit whose first parent is the
 * base branch as it was at the merge; the event's base SHA can be older. The raw
 * commit object names its parents even in a shallow clone.
 */
export async function baseCommitOf(
  workspace: string,
  checkedOut: string,
  eventBaseSha: string
): Promise<string> {
  const git = (args: string[]) =>
    exec.getExecOutput('git', ['-C', workspace, ...args], { ignoreReturnCode: true, silent: true })
  const head = await git(['rev-parse', 'HEAD'])
  if (head.exitCode !== 0 || head.stdout.trim() !== checkedOut) return eventBaseSha
  const commit = await git(['cat-file', '-p', 'HEAD'])
  const parents = [...commit.stdout.matchAll(/^parent ([0-9a-f]{40,64})$/gm)].map(match => match[1])
  return parents.length === 2 ? parents[0] : eventBaseSha
}

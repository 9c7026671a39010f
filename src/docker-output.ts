import * as exec from '@actions/exec'

export interface DockerOutput {
  ok: boolean
  stdout: string
  /** Its stderr, or the exit code where it said nothing. */
  error: string
}

/** A docker command whose output is read, not shown in the log. */
export async function dockerOutput(args: string[], cwd?: string): Promise<DockerOutput> {
  const result = await exec.getExecOutput('docker', args, {
    ignoreReturnCode: true,
    silent: true,
    ...(cwd ? { cwd } : {})
  })
  const error = result.stderr.trim() || `docker ${args[0]} exited with ${result.exitCode}`
  return { ok: result.exitCode === 0, stdout: result.stdout, error }
}

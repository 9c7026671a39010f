import { describe, expect, it } from '@jest/globals'
import { runCommand } from '../../../src/process/command.js'

describe('the subprocess helper', () => {
  it('keeps output, and says what went wrong in its own words or the exit code', async () => {
    const said = await runCommand('sh', ['-c', 'echo out; echo problem >&2; exit 3'])
    expect(said).toMatchObject({ ok: false, exitCode: 3, stdout: 'out\n', error: 'problem' })
    const silent = await runCommand('sh', ['-c', 'exit 4'])
    expect(silent.error).toBe('sh -c exited with 4')
  })

  it('says a command that cannot start could not, without throwing', async () => {
    const missing = await runCommand('sizegate-no-such-command', ['x'])
    expect(missing).toMatchObject({ ok: false, exitCode: null })
    expect(missing.error).toMatch(/^sizegate-no-such-command x could not start: .*ENOENT/)
  })

  it('ends past its time, though a process it started holds its pipes open', async () => {
    // A CLI plugin that does not die with the docker command behaves like this.
    const started = Date.now()
    const stuck = await runCommand('sh', ['-c', 'sleep 30 & wait'], { timeoutMs: 300 })
    expect(stuck).toMatchObject({ ok: false, error: 'sh -c did not finish within 0.3 s' })
    expect(Date.now() - started).toBeLessThan(10_000)
  }, 15_000)
})

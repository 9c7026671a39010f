import * as core from '@actions/core'
import { log } from '../log.js'

/** Appends to the job summary; outside a runner (no summary file) it says so and goes on. */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    log.info('No job summary file (GITHUB_STEP_SUMMARY is not set); the summary goes to the log:')
    log.info(markdown)
    return
  }
  try {
    await core.summary.addRaw(markdown, true).write()
  } catch (error) {
    log.warning(`Could not write the job summary: ${(error as Error).message}`)
  }
}

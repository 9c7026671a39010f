import * as path from 'node:path'
import { dockerfileTarget, measureImages } from '../measure/engine-image.js'
import type { ImageConfig } from '../request.js'
import type { Heads } from '../baseline/heads.js'
import type { RunPlace } from '../measure/build.js'

/** Images another step built, measured as they are: nothing is built, so no base can be either. */
export async function imageHeads(config: ImageConfig, run: RunPlace): Promise<Heads> {
  const dockerfileLabel = config.file ? path.relative(run.workspace, config.file) : ''
  const dockerfile = config.file
    ? { file: config.file, target: await dockerfileTarget(config.file, dockerfileLabel) }
    : undefined
  const measured = await measureImages(config, dockerfile, { ...run, dockerfileLabel })
  return {
    measured,
    // The cache, or baseline-image: a base build needs a build.
    baseline: config.baseline === 'none' ? 'none' : 'cache',
    baselineImages: config.baselineImages,
    dockerfile: config.file
  }
}

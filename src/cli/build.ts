import { mkdtemp, rm } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { ImageReport } from '../report/types.js'
import type { DockerfileRequest } from '../request.js'
import { withoutNewImages } from '../measure/build.js'
import { dockerfileHeads } from '../sources/dockerfile.js'

/**
 * Resolves, builds and measures each target of a local Dockerfile, as the action's
 * Dockerfile source does. `sizegate fix` builds only to measure: it leaves no image.
 */
export async function buildLocally({ build }: DockerfileRequest): Promise<ImageReport[]> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'sizegate-cli-'))
  try {
    const run = { workspace: process.cwd(), workDir, commit: null, ref: null }
    const heads = async () => (await dockerfileHeads([build], [], run)).measured
    const measured = build.verifyFixes ? await withoutNewImages(heads) : await heads()
    return measured.map(target => target.report)
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}

import { Inputs } from '../input-names.js'
import { withMeasurer } from '../image/measure-worker.js'
import { reportContext } from '../measure/report.js'
import type { MeasuredTarget } from '../measure/report.js'
import { localImage, measurePrebuilt } from '../measure/engine-image.js'
import { identityKey } from '../report/identity.js'
import { type Baselines, noBaselines } from './index.js'

/**
 * The base numbers from images in a registry (the team's `:main`), one per head
 * image in order (a platform of a multi-platform build: that platform's image): pulled as `docker pull` does (only the layers the engine lacks)
 * and measured as the head is, so sizes, layers and files compare like with like.
 * No cache entry is needed.
 */
export async function imageBaselines(
  heads: MeasuredTarget[],
  references: string[],
  now: Date
): Promise<Baselines> {
  const baselines = noBaselines()
  return withMeasurer(async measurer => {
    for (const [index, { report: head, dockerfile }] of heads.entries()) {
      if (!head.identity) continue
      const reference = references[index]
      const image = await localImage(reference, Inputs.baselineImage, head.platform)
      const { report } = await measurePrebuilt(
        { image, target: head.target, identity: head.identity, dockerfile },
        measurer,
        // Named by the user as this image's base: its build args are taken to be the head's.
        reportContext({
          ref: reference,
          dockerfile: head.dockerfile,
          buildArgs: head.buildArgs,
          now
        })
      )
      baselines.byIdentity.set(identityKey(head), {
        source: 'image',
        ref: reference,
        sha: image.digest ?? image.imageId,
        createdAt: now.toISOString(),
        expectedSha: null,
        untracked: [],
        report
      })
    }
    return baselines
  })
}

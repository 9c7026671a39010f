import { bakeBuildConfig, bakeTargetNames, printBake } from '../buildx/bake.js'
import { checkBaselineCount } from '../request.js'
import type { BakeConfig } from '../request.js'
import { dockerfileHeads } from './dockerfile.js'
import type { Heads } from '../baseline/heads.js'
import type { RunPlace } from '../measure/build.js'

/** The targets buildx resolves from bake files, each built as a Dockerfile build. */
export async function bakeHeads(config: BakeConfig, run: RunPlace): Promise<Heads> {
  const definition = await printBake(config.files, config.targets, run.workspace)
  const names = bakeTargetNames(definition, config.targets)
  const { baselineImages } = config.shared
  checkBaselineCount(baselineImages, names.length, `bake targets ${names.join(', ')}`)
  const configs = names.map(name =>
    bakeBuildConfig(name, definition.target?.[name] ?? {}, config.shared, run.workspace)
  )
  return dockerfileHeads(configs, baselineImages, run)
}

import { bakeBuildConfig, bakeTargetNames, printBake } from '../buildx/bake.js'
import { checkBaselineCount } from '../request.js'
import type { BakeConfig, BuildConfig } from '../request.js'
import { dockerfileHeads } from './dockerfile.js'
import type { Heads } from '../baseline/heads.js'
import type { RunPlace } from '../measure/build.js'

/** The targets buildx resolves from bake files, each as the config of a Dockerfile build. */
export async function bakeConfigs(config: BakeConfig, run: RunPlace): Promise<BuildConfig[]> {
  const definition = await printBake(config.files, config.targets, run.workspace)
  const names = bakeTargetNames(definition, config.targets)
  checkBaselineCount(config.shared.baselineImages, names.length, `bake targets ${names.join(', ')}`)
  return names.map(name =>
    bakeBuildConfig(name, definition.target?.[name] ?? {}, config.shared, run.workspace)
  )
}

/** The targets of bake files, each built as a Dockerfile build. */
export async function bakeHeads(config: BakeConfig, run: RunPlace): Promise<Heads> {
  return dockerfileHeads(await bakeConfigs(config, run), config.shared.baselineImages, run)
}

import type { Builder } from './choose.js'
import type { BuildPlan } from './plan.js'

/** Where a buildx build sends its image: the local engine, the registry, or both. */
export type BuildOutput = 'load' | 'push' | 'load+push'

/** Flags every builder takes the same way. */
function commonArgs(plan: BuildPlan): string[] {
  const args = ['--file', plan.file]
  if (plan.buildTarget) args.push('--target', plan.buildTarget)
  for (const arg of plan.buildArgs) args.push('--build-arg', `${arg.name}=${arg.value}`)
  for (const tag of plan.tags) args.push('--tag', tag)
  if (plan.network) args.push('--network', plan.network)
  if (plan.platform) args.push('--platform', plan.platform)
  if (plan.noCache) args.push('--no-cache')
  args.push('--iidfile', plan.iidFile)
  return args
}

/**
 * The outputs of one target's buildx build. The image must reach the local engine
 * to be measured; the docker driver builds into the engine, so a push is enough there.
 */
export function buildxOutputs(plan: BuildPlan, builder: Builder): BuildOutput[] {
  if (!plan.push) return ['load']
  if (builder.driver === 'docker') return ['push']
  return builder.pushWithLoad ? ['load+push'] : ['load', 'push']
}

/** argv (after `docker`) of one target's buildx build. */
export function buildxArgv(
  plan: BuildPlan,
  builder: Builder,
  output: BuildOutput = 'load'
): string[] {
  const args = ['buildx', 'build']
  if (builder.name) args.push('--builder', builder.name)
  args.push(...commonArgs(plan), '--progress=plain', '--metadata-file', plan.metadataFile)
  // A second build that only pushes what the first loaded needs no cache traffic.
  if (builder.ghaCache && output !== 'push') {
    args.push('--cache-from', `type=gha,scope=${plan.cacheScope}`)
    if (plan.exportCache)
      args.push(
        '--cache-to',
        `type=gha,mode=${plan.cacheMode},scope=${plan.cacheScope},ignore-error=true`
      )
  }
  if (output !== 'push') args.push('--load')
  if (output !== 'load') args.push('--push')
  args.push(plan.context)
  return args
}

/** argv (after `docker`) of one target's build without buildx: BuildKit, or the legacy builder. */
export function dockerBuildArgv(plan: BuildPlan, builder: Builder): string[] {
  // The legacy builder has no --progress flag.
  const progress = builder.kind === 'legacy' ? [] : ['--progress=plain']
  return ['build', ...commonArgs(plan), ...progress, plan.context]
}

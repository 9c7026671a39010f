import type { BuildPlan } from './plan.js'

/** How the image gets built: buildx with a builder, or the engine's own BuildKit. */
export interface Builder {
  kind: 'buildx' | 'docker'
  /** --builder for buildx; undefined uses the current one. */
  name?: string
  driver?: string
  /** Whether the gha cache flags go on the command line. */
  ghaCache: boolean
}

/** Flags both docker build and docker buildx build take the same way. */
function commonArgs(plan: BuildPlan): string[] {
  const args = ['--file', plan.file]
  if (plan.buildTarget) args.push('--target', plan.buildTarget)
  for (const arg of plan.buildArgs) args.push('--build-arg', `${arg.name}=${arg.value}`)
  for (const tag of plan.tags) args.push('--tag', tag)
  if (plan.network) args.push('--network', plan.network)
  if (plan.platform) args.push('--platform', plan.platform)
  if (plan.noCache) args.push('--no-cache')
  args.push('--iidfile', plan.iidFile, '--progress=plain')
  return args
}

/** argv (after `docker`) of one target's buildx build. */
export function buildxArgv(plan: BuildPlan, builder: Builder): string[] {
  const args = ['buildx', 'build']
  if (builder.name) args.push('--builder', builder.name)
  args.push(...commonArgs(plan), '--metadata-file', plan.metadataFile)
  if (builder.ghaCache) {
    args.push(
      '--cache-from',
      `type=gha,scope=${plan.cacheScope}`,
      '--cache-to',
      `type=gha,mode=max,scope=${plan.cacheScope},ignore-error=true`
    )
  }
  // The image must reach the local engine to be measured.
  args.push('--load')
  if (plan.push) args.push('--push')
  args.push(plan.context)
  return args
}

/** argv (after `docker`) of one target's build on the engine's BuildKit, without buildx. */
export function dockerBuildArgv(plan: BuildPlan): string[] {
  return ['build', ...commonArgs(plan), plan.context]
}

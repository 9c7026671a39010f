import { attestArgs } from './attests.js'
import type { Builder } from './choose.js'
import type { BuildPlan } from './plan.js'

/**
 * Where a buildx build sends its image: the local engine, the registry, both, or
 * (a builder that exports) an archive that the measurement reads as it is written:
 * OCI, or a docker archive that the measurement also loads into the engine.
 */
export type BuildOutput =
  | 'export'
  | 'export+load'
  | 'load'
  | 'push'
  | 'load+push'
  | 'outputs'
  /** No image: buildx answers the `call` method instead (check, outline, targets). */
  | 'call'

/** Flags every builder takes the same way. */
function commonArgs(plan: BuildPlan): string[] {
  const args = ['--file', plan.file]
  if (plan.buildTarget) args.push('--target', plan.buildTarget)
  for (const arg of plan.buildArgs) args.push('--build-arg', `${arg.name}=${arg.value}`)
  for (const tag of plan.tags) args.push('--tag', tag)
  if (plan.network) args.push('--network', plan.network)
  if (plan.platforms.length > 0) args.push('--platform', plan.platforms.join(','))
  if (plan.noCache) args.push('--no-cache')
  return args
}

/** A field of buildx's CSV values (--secret, --output): quoted when it holds a comma or a quote. */
function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field
}

function repeated(flag: string, values: string[]): string[] {
  return values.flatMap(value => [flag, value])
}

/** An image reference out of a cache source, for docker build's --cache-from (images only). */
export function cacheImage(source: string): string | undefined {
  if (!source.includes('=')) return source
  const fields = new Map(source.split(',').map(field => field.split('=', 2) as [string, string]))
  return fields.get('type') === 'registry' ? fields.get('ref') : undefined
}

/** `[type:]key=value` → the exporter attribute older buildx passes annotations as. */
function annotationAttribute(annotation: string): string {
  const eq = annotation.indexOf('=')
  const colon = annotation.lastIndexOf(':', eq)
  const kind = colon === -1 ? '' : `-${annotation.slice(0, colon)}`
  return csvField(`annotation${kind}.${annotation.slice(colon + 1)}`)
}

/** Whether the image goes to the engine, by sizegate's load or a docker output of the user's. */
function loads(plan: BuildPlan): boolean {
  return plan.load || plan.options.outputs.some(output => outputType(output) === 'docker')
}

/** The exporter type of one of the user's outputs; an entry without type= is a local folder (buildx). */
function outputType(output: string): string {
  return /(?:^|,)\s*type\s*=\s*([^,]*)/.exec(output)?.[1]?.trim() ?? 'local'
}

/** Whether the user's outputs push the image to a registry. */
export function userOutputsPush(outputs: string[]): boolean {
  return outputs.some(output => {
    const type = outputType(output)
    return type === 'registry' || (type === 'image' && /(?:^|,)\s*push\s*=\s*true\b/.test(output))
  })
}

/** The flags of build-push-action's inputs, for this kind of builder. */
function optionArgs(plan: BuildPlan, builder: Builder): string[] {
  const options = plan.options
  const args = [
    ...repeated('--label', options.labels),
    ...repeated('--add-host', options.addHosts),
    ...(options.shmSize ? ['--shm-size', options.shmSize] : []),
    ...repeated('--ulimit', options.ulimits),
    ...(options.pull ? ['--pull'] : [])
  ]
  if (builder.kind !== 'legacy') {
    for (const secret of plan.secrets) {
      const source = 'env' in secret ? `env=${secret.env}` : `src=${secret.file}`
      args.push('--secret', [`id=${secret.id}`, source].map(csvField).join(','))
    }
    args.push(...repeated('--ssh', options.ssh))
  }
  if (builder.kind !== 'buildx') {
    const images = options.cacheFrom.map(cacheImage).filter(image => image !== undefined)
    return [...args, ...repeated('--cache-from', images)]
  }
  args.push(...repeated('--build-context', options.buildContexts))
  args.push(...repeated('--allow', options.allow))
  if (options.cgroupParent) args.push('--cgroup-parent', options.cgroupParent)
  // Never a default the builder would refuse (the docker driver on the classic store).
  const buildkitAttests = builder.defaultProvenance === true && builder.keepsAttestations === true
  args.push(...repeated('--attest', attestArgs(options, { buildkitAttests, loads: loads(plan) })))
  args.push(...repeated('--no-cache-filter', options.noCacheFilters))
  if (builder.annotationFlag) args.push(...repeated('--annotation', options.annotations))
  return args
}

/** Whether the builder can hand its image over as an archive: every driver but docker's. */
export function exportsArchive(builder: Builder): boolean {
  return builder.kind === 'buildx' && builder.driver !== 'docker'
}

/**
 * Whether the image the builder exports is wanted in the engine too, and the builder
 * can write a docker archive: then one export feeds both (one platform only: the
 * engine holds one of an image). Otherwise a second build loads it from the cache.
 */
export function exportLoads(plan: BuildPlan, builder: Builder): boolean {
  return (
    exportsArchive(builder) &&
    builder.dockerExport === true &&
    plan.load &&
    plan.platforms.length <= 1
  )
}

/**
 * The outputs of one target's buildx builds, the first one building, the rest
 * taken from its cache. A builder that exports hands its archive to the
 * measurement, and loads or pushes only when asked; the docker driver builds into
 * the engine, where the image is measured, so a push is all it may add. The
 * user's own outputs come last, as they gave them: one build may not carry
 * several exporters (before buildx 0.13), and theirs may hold no image to measure.
 */
export function buildxOutputs(plan: BuildPlan, builder: Builder): BuildOutput[] {
  const outputs = measuredOutputs(plan, builder)
  return plan.options.outputs.length > 0 ? [...outputs, 'outputs'] : outputs
}

/** The builds that give sizegate its image, loaded or pushed as asked. */
function measuredOutputs(plan: BuildPlan, builder: Builder): BuildOutput[] {
  if (exportLoads(plan, builder)) return ['export+load', ...deliveries(false, plan.push, builder)]
  if (exportsArchive(builder)) return ['export', ...deliveries(plan.load, plan.push, builder)]
  if (!plan.push) return ['load']
  if (builder.driver === 'docker') return ['push']
  return deliveries(true, true, builder)
}

function deliveries(load: boolean, push: boolean, builder: Builder): BuildOutput[] {
  if (load && push) return builder.pushWithLoad ? ['load+push'] : ['load', 'push']
  if (load) return ['load']
  return push ? ['push'] : []
}

/** The gha cache (where the builder can use it) and the user's own caches; a base build only reads. */
function cacheArgs(plan: BuildPlan, builder: Builder): string[] {
  const args = repeated('--cache-from', plan.options.cacheFrom)
  if (builder.ghaCache) args.push('--cache-from', `type=gha,scope=${plan.cacheScope}`)
  if (!plan.exportCache) return args
  args.push(...repeated('--cache-to', plan.options.cacheTo))
  if (builder.ghaCache)
    args.push(
      '--cache-to',
      `type=gha,mode=${plan.cacheMode},scope=${plan.cacheScope},ignore-error=true`
    )
  return args
}

/** --push; with annotations and a buildx without --annotation, the registry output carrying them. */
function pushArgs(plan: BuildPlan, builder: Builder): string[] {
  const annotations = plan.options.annotations
  if (builder.annotationFlag || annotations.length === 0) return ['--push']
  return ['--output', ['type=registry', ...annotations.map(annotationAttribute)].join(',')]
}

/**
 * argv (after `docker`) of one target's buildx build. The first build of a
 * target reads and writes the caches; a later one only delivers what it built.
 */
export function buildxArgv(
  plan: BuildPlan,
  builder: Builder,
  output: BuildOutput = 'load',
  first = true
): string[] {
  const args = ['buildx', 'build']
  if (builder.name) args.push('--builder', builder.name)
  args.push(...commonArgs(plan), ...optionArgs(plan, builder))
  // The user's outputs may hold no image (local, tar), a call none: no id to write.
  if (output !== 'outputs' && output !== 'call') args.push('--iidfile', plan.iidFile)
  args.push('--progress=plain', '--metadata-file', plan.metadataFile)
  if (first) args.push(...cacheArgs(plan, builder))
  if (output === 'export') args.push('--output', `type=oci,${csvField(`dest=${plan.exportFile}`)}`)
  if (output === 'export+load')
    args.push('--output', `type=docker,${csvField(`dest=${plan.exportFile}`)}`)
  if (output === 'load' || output === 'load+push') args.push('--load')
  if (output === 'push' || output === 'load+push') args.push(...pushArgs(plan, builder))
  if (output === 'outputs') args.push(...repeated('--output', plan.options.outputs))
  if (output === 'call' && plan.options.call) args.push('--call', plan.options.call)
  args.push(plan.context)
  return args
}

/** argv (after `docker`) of one target's build without buildx: BuildKit, or the legacy builder. */
export function dockerBuildArgv(plan: BuildPlan, builder: Builder): string[] {
  // The legacy builder has no --progress flag.
  const progress = builder.kind === 'legacy' ? [] : ['--progress=plain']
  return [
    'build',
    ...commonArgs(plan),
    '--iidfile',
    plan.iidFile,
    ...optionArgs(plan, builder),
    ...progress,
    plan.context
  ]
}

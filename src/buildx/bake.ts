import * as path from 'node:path'
import type { BuildConfig, SharedBuildConfig } from '../request.js'
import { docker } from '../process/command.js'
import { UserError } from '../errors.js'
import { Inputs } from '../input-names.js'
import type { BuildOptions, BuildSecret } from '../request.js'

/** One target of `docker buildx bake --print`: the fields sizegate builds with. */
export interface BakeTarget {
  context?: string
  dockerfile?: string
  'dockerfile-inline'?: string
  contexts?: Record<string, string>
  args?: Record<string, string | null>
  labels?: Record<string, string | null>
  annotations?: string[]
  tags?: string[]
  target?: string
  secret?: string[]
  ssh?: string[]
  'cache-from'?: string[]
  'cache-to'?: string[]
  platforms?: string[]
  pull?: boolean
  'no-cache'?: boolean
  'no-cache-filter'?: string[]
  'shm-size'?: string
  ulimits?: string[]
}

export interface BakeDefinition {
  group?: Record<string, { targets?: string[] }>
  target?: Record<string, BakeTarget>
}

/** The bake files' targets as buildx resolves them (variables, inheritance, groups): no HCL parser of ours. */
export async function printBake(
  files: string[],
  targets: string[],
  cwd: string
): Promise<BakeDefinition> {
  const args = ['buildx', 'bake', '--print', ...files.flatMap(file => ['--file', file]), ...targets]
  const result = await docker(args, { cwd })
  if (!result.ok) {
    throw new UserError(
      `${Inputs.bake}: docker buildx bake --print failed (bake needs docker buildx): ${result.error}`
    )
  }
  return JSON.parse(result.stdout) as BakeDefinition
}

/** Target names in the order the groups list them (nested groups unfolded), each once. */
export function bakeTargetNames(definition: BakeDefinition, asked: string[]): string[] {
  const groups = definition.group ?? {}
  const targets = definition.target ?? {}
  const names: string[] = []
  const unfold = (name: string, seen: Set<string>): void => {
    if (seen.has(name)) return
    seen.add(name)
    if (name in targets) {
      if (!names.includes(name)) names.push(name)
      return
    }
    for (const member of groups[name]?.targets ?? []) unfold(member, seen)
  }
  for (const name of asked.length > 0 ? asked : ['default']) unfold(name, new Set())
  // A file without a default group: buildx printed what it builds.
  return names.length > 0 ? names : Object.keys(targets)
}

/** `id=x,src=file` / `id=x,env=NAME` (buildx's secret syntax) → a secret sizegate passes on. */
function bakeSecret(spec: string, context: string): BuildSecret {
  const fields = new Map(
    spec.split(',').map(field => {
      const eq = field.indexOf('=')
      return [field.slice(0, eq).trim(), field.slice(eq + 1).trim()] as [string, string]
    })
  )
  const id = fields.get('id') ?? ''
  const env = fields.get('env')
  if (env) return { id, from: 'env', variable: env }
  const file = fields.get('src') ?? fields.get('source')
  if (!id || !file)
    throw new UserError(
      `${Inputs.bake}: secret ${JSON.stringify(`id=${id}`)} has no src or env; expected id=ID,src=FILE or id=ID,env=VARIABLE`
    )
  return { id, from: 'file', file: path.resolve(context, file) }
}

const keyValueEntries = (record: Record<string, string | null> | undefined): string[] =>
  Object.entries(record ?? {})
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key}=${value}`)

/** Named contexts, local folders made absolute: bake reads them from where it runs, the build from elsewhere. */
function namedContexts(contexts: Record<string, string> | undefined, cwd: string): string[] {
  return Object.entries(contexts ?? {}).map(([name, source]) => {
    const local = !/^[a-z-]+:/.test(source) && !source.includes('://')
    return `${name}=${local ? path.resolve(cwd, source) : source}`
  })
}

/**
 * A bake target as a sizegate build: the shared inputs of the step, with the
 * target's own context, Dockerfile, stage, args, tags and build options.
 */
export function bakeBuildConfig(
  name: string,
  target: BakeTarget,
  shared: SharedBuildConfig,
  cwd: string
): BuildConfig {
  if (target['dockerfile-inline'] !== undefined)
    throw new UserError(
      `${Inputs.bake}: target ${JSON.stringify(name)} has an inline Dockerfile; sizegate reads the Dockerfile's lines, so expected dockerfile = "path"`
    )
  const context = path.resolve(cwd, target.context ?? '.')
  const own: BuildOptions = {
    ...shared.options,
    secrets: [
      ...shared.options.secrets,
      ...(target.secret ?? []).map(spec => bakeSecret(spec, cwd))
    ],
    ssh: [...shared.options.ssh, ...(target.ssh ?? [])],
    labels: [...shared.options.labels, ...keyValueEntries(target.labels)],
    annotations: [...shared.options.annotations, ...(target.annotations ?? [])],
    buildContexts: [...shared.options.buildContexts, ...namedContexts(target.contexts, cwd)],
    cacheFrom: [...shared.options.cacheFrom, ...(target['cache-from'] ?? [])],
    cacheTo: [...shared.options.cacheTo, ...(target['cache-to'] ?? [])],
    pull: shared.options.pull || target.pull === true,
    shmSize: target['shm-size'] ?? shared.options.shmSize,
    ulimits: [...shared.options.ulimits, ...(target.ulimits ?? [])],
    noCacheFilters: [...shared.options.noCacheFilters, ...(target['no-cache-filter'] ?? [])]
  }
  return {
    ...shared,
    context,
    file: path.resolve(context, target.dockerfile ?? 'Dockerfile'),
    targets: target.target ? [target.target] : [],
    buildArgs: Object.entries(target.args ?? {})
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([argName, value]) => ({ name: argName, value })),
    tags: target.tags ?? [],
    platforms: target.platforms ?? shared.platforms,
    noCache: shared.noCache || target['no-cache'] === true,
    push: shared.push && (target.tags ?? []).length > 0,
    options: own,
    id: shared.id ? `${shared.id}/${name}` : `bake/${name}`,
    bakeTarget: name,
    baselineImages: []
  }
}

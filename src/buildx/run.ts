import { log } from '../log.js'
import { readFile } from 'node:fs/promises'
import { UserError } from '../errors.js'
import { runCommand } from '../process/command.js'
import {
  type BuildOutput,
  buildxArgv,
  buildxOutputs,
  dockerBuildArgv,
  userOutputsPush
} from './argv.js'
import type { Builder } from './choose.js'
import type { BuildPlan } from './plan.js'
import { countSteps, failureLines, type StepCounts } from './progress.js'

export interface BuildResult extends StepCounts {
  target: string
  /** Image id in the local engine (config digest). */
  imageId: string
  /** Manifest digest in the registry, when pushed. */
  digest?: string
  durationMs: number
  /** How it was built; `prebuilt` for an image another step built. */
  builder: Builder['kind'] | 'prebuilt'
  ghaCache: boolean
  /** buildx's metadata file, when buildx ran. */
  metadata?: Record<string, unknown>
}

/** Runs docker, echoing its output into the log while keeping the lines. */
async function runLogged(
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<{ exitCode: number; lines: string[] }> {
  const lines: string[] = []
  const result = await runCommand('docker', args, {
    env,
    echo: true,
    onLine: line => lines.push(line)
  })
  return { exitCode: result.exitCode ?? -1, lines }
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
  } catch {
    return undefined
  }
}

/** `docker push` for each tag, for the build path without buildx. Returns the pushed digest. */
async function pushTags(plan: BuildPlan, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  let digest: string | undefined
  for (const tag of plan.tags) {
    const pushed = await runLogged(['push', tag], env)
    if (pushed.exitCode !== 0) {
      throw new UserError(`docker push ${tag} failed:\n${failureLines(pushed.lines).join('\n')}`)
    }
    digest ??= pushed.lines
      .map(line => /digest: (sha256:[0-9a-f]{64})/.exec(line)?.[1])
      .find(Boolean)
  }
  return digest
}

/** The environment that picks the engine's builder when buildx does not run the build. */
function builderEnv(builder: Builder): NodeJS.ProcessEnv {
  // buildx writes BuildKit's Dockerfile checks into its metadata file (build-push-action's way).
  if (builder.kind === 'buildx') return { ...process.env, BUILDX_METADATA_WARNINGS: 'true' }
  return { ...process.env, DOCKER_BUILDKIT: builder.kind === 'docker' ? '1' : '0' }
}

function failed(
  plan: BuildPlan,
  what: string,
  build: { exitCode: number; lines: string[] }
): never {
  throw new UserError(
    `${what} of target "${plan.target}" failed (exit code ${build.exitCode}):\n${failureLines(build.lines).join('\n')}`
  )
}

const DELIVERY_TITLES: Record<BuildOutput, string> = {
  export: 'Export',
  'export+load': 'Export and load',
  load: 'Load',
  push: 'Push',
  'load+push': 'Load and push',
  outputs: 'Outputs',
  call: 'Call'
}

/**
 * A later build of the plan: its iidfile would name what it delivers (a pushed
 * index), not the measured image; the user's outputs keep buildx's metadata for
 * themselves unless they push (then it carries the digest).
 */
function deliveryPlan(plan: BuildPlan, output: BuildOutput): BuildPlan {
  const metadataFile =
    output === 'outputs' && !userOutputsPush(plan.options.outputs)
      ? `${plan.metadataFile}.${output}`
      : plan.metadataFile
  return { ...plan, noCache: false, iidFile: `${plan.iidFile}.${output}`, metadataFile }
}

/**
 * The buildx builds of one target: the build itself, then, from its cache, what
 * the first could not also deliver (a load, a push) with this builder.
 */
async function buildWithBuildx(
  plan: BuildPlan,
  builder: Builder,
  env: NodeJS.ProcessEnv
): Promise<{ exitCode: number; lines: string[] }> {
  const [first, ...later] = buildxOutputs(plan, builder)
  const build = await log.group(`Build ${plan.target}`, () =>
    runLogged(buildxArgv(plan, builder, first), env)
  )
  if (build.exitCode !== 0) return build
  for (const output of later) {
    const delivery = deliveryPlan(plan, output)
    const title = DELIVERY_TITLES[output]
    const delivered = await log.group(`${title} ${plan.target}`, () =>
      runLogged(buildxArgv(delivery, builder, output, false), env)
    )
    if (delivered.exitCode !== 0) failed(plan, title, delivered)
  }
  return build
}

/** What buildx answered to a build method other than build, for one target. */
export interface CallAnswer {
  target: string
  exitCode: number
  /** Its output, for the error when it failed. */
  lines: string[]
  /** buildx's metadata: the answer itself (`result.json`). */
  metadata?: Record<string, unknown>
}

/** Asks buildx the plan's `call` method (check, outline, targets) instead of building. */
export async function runCall(plan: BuildPlan, builder: Builder): Promise<CallAnswer> {
  const env = builderEnv(builder)
  const title = `${plan.options.call ?? 'call'} ${plan.target}`
  const answer = await log.group(title, () =>
    runLogged(buildxArgv(plan, builder, 'call', false), env)
  )
  return { target: plan.target, ...answer, metadata: await readJson(plan.metadataFile) }
}

/** Builds one target; a failed build fails with the build's own last error lines. */
export async function runBuild(plan: BuildPlan, builder: Builder): Promise<BuildResult> {
  const env = builderEnv(builder)
  const started = Date.now()
  const build =
    builder.kind === 'buildx'
      ? await buildWithBuildx(plan, builder, env)
      : await log.group(`Build ${plan.target}`, () =>
          runLogged(dockerBuildArgv(plan, builder), env)
        )
  const durationMs = Date.now() - started
  if (build.exitCode !== 0) failed(plan, 'Build', build)
  const imageId = (await readFile(plan.iidFile, 'utf8')).trim()
  const metadata = builder.kind === 'buildx' ? await readJson(plan.metadataFile) : undefined
  let digest = metadata?.['containerimage.digest'] as string | undefined
  if (plan.push && builder.kind !== 'buildx') {
    digest = await log.group(`Push ${plan.target}`, () => pushTags(plan, env))
  }
  return {
    target: plan.target,
    imageId,
    digest: plan.push || userOutputsPush(plan.options.outputs) ? digest : undefined,
    durationMs,
    builder: builder.kind,
    ghaCache: builder.ghaCache,
    metadata,
    ...countSteps(build.lines)
  }
}

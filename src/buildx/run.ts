import * as core from '@actions/core'
import * as exec from '@actions/exec'
import { readFile } from 'node:fs/promises'
import { UserError } from '../errors.js'
import { type BuildOutput, buildxArgv, buildxOutputs, dockerBuildArgv } from './argv.js'
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

/** Runs a command, echoing its output into the log while keeping the lines. */
async function runLogged(
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<{ exitCode: number; lines: string[] }> {
  const lines: string[] = []
  // One partial line per stream, so stdout and stderr never splice into one line.
  const collector = () => {
    let partial = ''
    return {
      collect: (data: Buffer): void => {
        const split = (partial + data.toString('utf8')).split(/\r?\n/)
        partial = split.pop() ?? ''
        lines.push(...split)
      },
      flush: (): void => {
        if (partial) lines.push(partial)
      }
    }
  }
  const stdout = collector()
  const stderr = collector()
  const exitCode = await exec.exec('docker', args, {
    ignoreReturnCode: true,
    env: env as Record<string, string>,
    listeners: { stdout: stdout.collect, stderr: stderr.collect }
  })
  stdout.flush()
  stderr.flush()
  return { exitCode, lines }
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
  if (builder.kind === 'buildx') return { ...process.env }
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
  'load+push': 'Load and push'
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
  const build = await core.group(`Build ${plan.target}`, () =>
    runLogged(buildxArgv(plan, builder, first), env)
  )
  if (build.exitCode !== 0) return build
  for (const output of later) {
    // Its iidfile would name what it delivers (a pushed index), not the measured image.
    const delivery = { ...plan, noCache: false, iidFile: `${plan.iidFile}.${output}` }
    const title = DELIVERY_TITLES[output]
    const delivered = await core.group(`${title} ${plan.target}`, () =>
      runLogged(buildxArgv(delivery, builder, output, false), env)
    )
    if (delivered.exitCode !== 0) failed(plan, title, delivered)
  }
  return build
}

/** Builds one target; a failed build fails with the build's own last error lines. */
export async function runBuild(plan: BuildPlan, builder: Builder): Promise<BuildResult> {
  const env = builderEnv(builder)
  const started = Date.now()
  const build =
    builder.kind === 'buildx'
      ? await buildWithBuildx(plan, builder, env)
      : await core.group(`Build ${plan.target}`, () =>
          runLogged(dockerBuildArgv(plan, builder), env)
        )
  const durationMs = Date.now() - started
  if (build.exitCode !== 0) failed(plan, 'Build', build)
  const imageId = (await readFile(plan.iidFile, 'utf8')).trim()
  const metadata = builder.kind === 'buildx' ? await readJson(plan.metadataFile) : undefined
  let digest = metadata?.['containerimage.digest'] as string | undefined
  if (plan.push && builder.kind !== 'buildx') {
    digest = await core.group(`Push ${plan.target}`, () => pushTags(plan, env))
  }
  return {
    target: plan.target,
    imageId,
    digest: plan.push ? digest : undefined,
    durationMs,
    builder: builder.kind,
    ghaCache: builder.ghaCache,
    metadata,
    ...countSteps(build.lines)
  }
}

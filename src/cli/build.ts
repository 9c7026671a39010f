import { mkdtemp, rm } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { detectBuilder } from '../build/detect.js'
import { parseBuildOptions } from '../build/options.js'
import type { BuildArg, BuildConfig, Network } from '../config.js'
import { UserError } from '../errors.js'
import { buildTargets, dockerfileLabel, resolveBuild } from '../pipeline.js'
import type { ImageReport } from '../report/types.js'

export interface LocalBuild {
  context: string
  /** The Dockerfile; `<context>/Dockerfile` when not given. */
  file?: string
  targets: string[]
  buildArgs: string[]
  network?: Network
}

/** `NAME=VALUE` → a build arg; a bare `NAME` takes the value from the environment, as docker does. */
export function parseBuildArg(text: string): BuildArg {
  const equals = text.indexOf('=')
  const name = equals === -1 ? text : text.slice(0, equals)
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new UserError(
      `--build-arg: ${JSON.stringify(text)} is not a build arg; expected NAME=VALUE`
    )
  return { name, value: equals === -1 ? (process.env[name] ?? '') : text.slice(equals + 1) }
}

/** The action's build, of a local Dockerfile: no cache service, no registry, no GitHub. */
function configOf(build: LocalBuild): BuildConfig {
  const context = path.resolve(build.context)
  return {
    context,
    file: path.resolve(build.file ?? path.join(context, 'Dockerfile')),
    targets: build.targets,
    buildArgs: build.buildArgs.map(parseBuildArg),
    tags: [],
    network: build.network,
    platforms: [],
    load: false,
    cache: 'none',
    cacheMode: 'min',
    push: false,
    noCache: false,
    baseline: 'none',
    options: parseBuildOptions(() => '', process.env, process.cwd()),
    baselineImages: []
  }
}

/** Resolves, builds and measures each target of a local Dockerfile, as the action would. */
export async function buildLocally(build: LocalBuild): Promise<ImageReport[]> {
  const config = configOf(build)
  const workspace = process.cwd()
  const targets = await resolveBuild(config, dockerfileLabel(config, workspace))
  const { builder, notices, warnings } = await detectBuilder(
    config,
    targets.map(target => target.upToTarget),
    process.env
  )
  for (const line of [...notices, ...warnings]) process.stderr.write(`${line}\n`)
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'sizegate-cli-'))
  try {
    const measured = await buildTargets({
      config,
      targets,
      builder,
      workspace,
      workDir,
      commit: null,
      ref: null,
      exportCache: false
    })
    return measured.map(target => target.report)
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}

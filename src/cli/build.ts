import { mkdtemp, rm } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { detectBuilder } from '../buildx/detect.js'
import { parseBuildOptions } from '../buildx/options.js'
import { type BuildConfig, type Network, parseBuildArgs } from '../config.js'
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

/** The action's build, of a local Dockerfile: no cache service, no registry, no GitHub. */
function configOf(build: LocalBuild): BuildConfig {
  const context = path.resolve(build.context)
  return {
    context,
    file: path.resolve(build.file ?? path.join(context, 'Dockerfile')),
    targets: build.targets,
    // One per option: a value may hold anything but a line break.
    buildArgs: parseBuildArgs(build.buildArgs.join('\n'), process.env, '--build-arg'),
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

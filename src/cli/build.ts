import { mkdtemp, rm } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { ImageReport } from '../report/types.js'
import { Inputs } from '../input-names.js'
import {
  type BuildConfig,
  existing,
  type Network,
  noBuildOptions,
  parseBuildArgs
} from '../request.js'
import { withoutNewImages } from '../measure/build.js'
import { dockerfileHeads } from '../sources/dockerfile.js'

export interface LocalBuild {
  context: string
  /** The Dockerfile; `<context>/Dockerfile` when not given. */
  file?: string
  targets: string[]
  buildArgs: string[]
  network?: Network
  /** Build each fix of the Dockerfile and measure what it saves (`sizegate fix`). */
  verifyFixes?: boolean
}

/** The action's build, of a local Dockerfile: no cache service, no registry, no GitHub. */
function configOf(build: LocalBuild): BuildConfig {
  const cwd = process.cwd()
  const context = existing(
    Inputs.context,
    build.context,
    cwd,
    'directory',
    'the build context folder'
  )
  const file = build.file
    ? existing(Inputs.file, build.file, cwd, 'file', 'the path of a Dockerfile')
    : existing(Inputs.file, path.join(build.context, 'Dockerfile'), cwd, 'file', 'a Dockerfile')
  return {
    context,
    file,
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
    options: noBuildOptions(),
    baselineImages: [],
    verifyFixes: build.verifyFixes ?? false
  }
}

/**
 * Resolves, builds and measures each target of a local Dockerfile, as the action's
 * Dockerfile source does. `sizegate fix` builds only to measure: it leaves no image.
 */
export async function buildLocally(build: LocalBuild): Promise<ImageReport[]> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'sizegate-cli-'))
  try {
    const run = { workspace: process.cwd(), workDir, commit: null, ref: null }
    const heads = async () => (await dockerfileHeads([configOf(build)], [], run)).measured
    const measured = build.verifyFixes ? await withoutNewImages(heads) : await heads()
    return measured.map(target => target.report)
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}

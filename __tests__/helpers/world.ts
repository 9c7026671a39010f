import { execFileSync } from 'node:child_process'
import { storeOf, type ImageStore } from '../../src/image/engine.js'
import { parseInspect } from '../../src/buildx/versions.js'

/**
 * The world these tests run in, as users build in three: GitHub's hosted runner (a
 * docker-container builder that exports, current engine), the engine's own builder
 * (the docker driver, on the classic or the containerd image store), and an old
 * self-hosted runner (Docker 20.10, old buildx or none). CI runs the suite in each;
 * a newcomer's machine is whichever of them it is.
 */
export interface World {
  /** The current builder's driver; undefined without buildx. */
  driver?: string
  /** The current builder hands its image over as an archive, not into the engine. */
  builderExports: boolean
  imageStore: ImageStore
  /** Base images are read from a registry (a docker.io mirror), not from the engine. */
  pullsBases: boolean
}

function quiet(args: string[]): string {
  try {
    return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  } catch {
    return ''
  }
}

function detect(): World {
  const driver = quiet(['buildx', 'version'])
    ? parseInspect(quiet(['buildx', 'inspect'])).driver
    : undefined
  const builderExports = driver !== undefined && driver !== 'docker'
  return {
    driver,
    builderExports,
    imageStore: storeOf(quiet(['info', '--format', '{{json .DriverStatus}}'])),
    pullsBases: builderExports
  }
}

export const world: World = detect()

/**
 * Inputs that put the built image into the engine where the builder would only
 * export it, for tests that compare with what the engine says of the image.
 */
export const intoEngine: Record<string, string> = world.builderExports ? { load: 'true' } : {}

/** How the report's compressed size was counted in this world when nothing is pushed. */
export const unpushedSource: 'archive' | 'gzip-estimate' =
  world.builderExports || world.imageStore === 'containerd' ? 'archive' : 'gzip-estimate'

import * as path from 'node:path'
import type { BuildArg, BuildConfig, CacheMode, Network } from '../request.js'
import type { ResolvedTarget } from '../dockerfile/resolve.js'
import type { ImageIdentity } from '../report/identity.js'
import type { BuildOptions } from '../request.js'
import type { SecretMount } from './secrets.js'

/** Everything one target's build needs, independent of which builder runs it. */
export interface BuildPlan {
  target: string
  /** --target; undefined for the Dockerfile's last stage. */
  buildTarget?: string
  file: string
  context: string
  buildArgs: BuildArg[]
  tags: string[]
  network?: Network
  /** --platform; empty builds the builder's own. */
  platforms: string[]
  noCache: boolean
  push: boolean
  /** The image is wanted in the engine after the build (input load, or tags to use and not push). */
  load: boolean
  /** The gha cache scope of this target. */
  cacheScope: string
  /** What --cache-to exports: every stage's layers (max) or the final image's (min). */
  cacheMode: CacheMode
  /** --cache-to as well as --cache-from. */
  exportCache: boolean
  /** Files the builder writes: image id, and buildx's metadata. */
  iidFile: string
  metadataFile: string
  /** Where a builder that exports writes the image archive: a FIFO the measurement reads. */
  exportFile: string
  /** build-push-action's inputs; secrets travel as files, in `secrets`. */
  options: BuildOptions
  secrets: SecretMount[]
}

/** A name made of safe characters only, for files and cache scopes. */
export function fileSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/**
 * A cache scope that is stable across runs and distinct per image (its identity:
 * Dockerfile, context, target, platform, build args), so two images, two targets
 * or two matrix legs never overwrite each other's cache index.
 */
export function cacheScopeFor(
  config: BuildConfig,
  target: string,
  identity: ImageIdentity
): string {
  if (config.cacheScope) {
    return config.targets.length > 1 ? `${config.cacheScope}-${target}` : config.cacheScope
  }
  return `sizegate-${fileSlug(target)}-${identity.key}`
}

export function planBuilds(
  config: BuildConfig,
  targets: ResolvedTarget[],
  identities: ImageIdentity[],
  tempDir: string,
  exportCache: boolean,
  secrets: SecretMount[]
): BuildPlan[] {
  return targets.map((target, index) => {
    // Tags name one image; with several targets only the first gets them.
    const tags = target === targets[0] ? config.tags : []
    const push = config.push && target === targets[0]
    return {
      target: target.name,
      buildTarget: target.buildTarget,
      file: config.file,
      context: config.context,
      buildArgs: config.buildArgs,
      tags,
      network: config.network,
      platforms: config.platforms,
      noCache: config.noCache,
      push,
      // Tags a later step may use: in the engine, where one platform of an image fits.
      load: config.load || (tags.length > 0 && !push && config.platforms.length <= 1),
      cacheScope: cacheScopeFor(config, target.name, identities[index]),
      cacheMode: config.cacheMode,
      exportCache,
      iidFile: path.join(tempDir, `${fileSlug(target.name)}.iid`),
      metadataFile: path.join(tempDir, `${fileSlug(target.name)}.metadata.json`),
      exportFile: path.join(tempDir, `${fileSlug(target.name)}.oci`),
      options: config.options,
      secrets
    }
  })
}

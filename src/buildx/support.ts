import {
  ANNOTATION_FLAG_BUILDX,
  ATTESTS_BUILDX,
  type Builder,
  CALL_BUILDX,
  INSTALL_BUILDX,
  MULTI_EXPORT_BUILDX
} from './choose.js'
import { cacheImage, exportsArchive } from './argv.js'
import { Inputs } from '../input-names.js'
import type { BuildOptions } from '../request.js'

// What the builder at hand cannot honour, said before the build, naming the input.

const UPDATE_BUILDX = 'update buildx (docker/setup-buildx-action installs the latest)'

const pushesByDigest = (output: string): boolean =>
  /(?:^|,)\s*push-by-digest\s*=\s*true\s*(?:,|$)/.test(output)

/** The first input that asks for an attestation (not one that turns it off). */
function attestationInput(options: BuildOptions): string | undefined {
  const enabled = (value: string | undefined) =>
    value !== undefined && !/(?:^|,)\s*(?:disabled=true|false)\s*(?:,|$)/.test(value)
  if (enabled(options.provenance)) return Inputs.provenance
  if (enabled(options.sbom)) return Inputs.sbom
  return options.attests.some(enabled) ? Inputs.attests : undefined
}

/** Why an input cannot be honoured by this builder, naming the input; undefined when all can. */
export function unsupportedOption(options: BuildOptions, builder: Builder): string | undefined {
  if (builder.kind === 'legacy') {
    const needs = (what: string) =>
      `${what} need BuildKit, which this runner's Docker CLI runs only through buildx; ${INSTALL_BUILDX}`
    if (options.secrets.length > 0) return `${Inputs.secrets}: ${needs('build secrets')}`
    if (options.ssh.length > 0) return `${Inputs.ssh}: ${needs('SSH mounts')}`
  }
  if (builder.kind !== 'buildx') {
    const buildxOnly: [string, boolean][] = [
      [Inputs.annotations, options.annotations.length > 0],
      [Inputs.buildContexts, options.buildContexts.length > 0],
      [Inputs.cacheTo, options.cacheTo.length > 0],
      [Inputs.provenance, options.provenance !== undefined],
      [Inputs.sbom, options.sbom !== undefined],
      [Inputs.attests, options.attests.length > 0],
      [Inputs.allow, options.allow.length > 0],
      [Inputs.cgroupParent, options.cgroupParent !== undefined],
      [Inputs.outputs, options.outputs.length > 0],
      [Inputs.call, options.call !== undefined],
      [Inputs.noCacheFilters, options.noCacheFilters.length > 0],
      [Inputs.cacheFrom, options.cacheFrom.some(source => cacheImage(source) === undefined)]
    ]
    const input = buildxOnly.find(([, given]) => given)?.[0]
    if (input) return `${input}: needs docker buildx; ${INSTALL_BUILDX}`
  }
  if (builder.kind === 'buildx' && !builder.attests) {
    const attests: [string, boolean][] = [
      [Inputs.attests, options.attests.length > 0],
      [Inputs.provenance, options.provenance !== undefined],
      [Inputs.sbom, options.sbom !== undefined]
    ]
    const input = attests.find(([, given]) => given)?.[0]
    if (input)
      return `${input}: attestations need buildx ${ATTESTS_BUILDX} or later; ${UPDATE_BUILDX}`
  }
  if (builder.kind === 'buildx' && !builder.multipleOutputs && options.outputs.length > 1)
    return `${Inputs.outputs}: one build writes one output before buildx and BuildKit ${MULTI_EXPORT_BUILDX}; expected one output, or: ${UPDATE_BUILDX}`
  if (builder.driver === 'docker' && options.outputs.some(pushesByDigest))
    return `${Inputs.outputs}: the docker driver cannot push by digest (buildx refuses it); expected a builder with the docker-container, remote or kubernetes driver (docker/setup-buildx-action creates one)`
  if (builder.kind === 'buildx' && !builder.callFlag && options.call)
    return `${Inputs.call}: needs buildx ${CALL_BUILDX} or later; ${UPDATE_BUILDX}`
  const attestation = attestationInput(options)
  if (builder.kind === 'buildx' && !builder.keepsAttestations && attestation)
    return `${attestation}: the docker driver keeps no attestation on the engine's classic image store; expected a builder with the docker-container, remote or kubernetes driver (docker/setup-buildx-action creates one), the containerd image store, or ${attestation}: false`
  // The inline cache rides in the image itself: every builder writes it.
  const exportedCaches = options.cacheTo.filter(
    cache => !/(?:^|,)\s*type=inline\s*(?:,|$)/.test(cache)
  )
  if (builder.kind === 'buildx' && !builder.cacheExport && exportedCaches.length > 0)
    return `${Inputs.cacheTo}: the docker driver cannot export a cache on the engine's classic image store; expected a builder with the docker-container, remote or kubernetes driver (docker/setup-buildx-action creates one), or an engine on the containerd image store`
  return undefined
}

/**
 * What the builder will leave out, for a warning: annotations on a buildx without
 * --annotation ride only on a pushed image (the registry output's attributes).
 */
export function droppedOption(
  config: { options: BuildOptions; push: boolean },
  builder: Builder
): string | undefined {
  if (builder.kind !== 'buildx' || builder.annotationFlag || config.push) return undefined
  if (config.options.annotations.length === 0) return undefined
  return `${Inputs.annotations}: this buildx has no --annotation (buildx ${ANNOTATION_FLAG_BUILDX} or later has), so annotations go only on a pushed image, and this build pushes none: they are left out`
}

/** Why the platforms asked for cannot be built and measured with this builder; undefined when they can. */
export function unsupportedPlatforms(
  config: { platforms: string[]; load: boolean },
  builder: Builder
): string | undefined {
  if (config.platforms.length < 2) return undefined
  const asked = config.platforms.join(', ')
  if (!exportsArchive(builder))
    return `${Inputs.platforms}: building ${asked} at once needs a builder that exports (the docker-container, remote or kubernetes driver; docker/setup-buildx-action creates one): the engine holds one platform of an image`
  if (config.load)
    return `${Inputs.load}: an image of ${asked} cannot be loaded into the engine, which holds one platform of an image; expected load: false, or one platform`
  return undefined
}

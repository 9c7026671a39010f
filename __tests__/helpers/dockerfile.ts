import { type DockerfileModel, parseDockerfile, platformArgs } from '../../src/dockerfile/model.js'
import { resolveTargets } from '../../src/dockerfile/resolve.js'

/** A Dockerfile's model, built on linux/amd64 for `targetPlatform`, with these build args. */
export function parse(
  content: string,
  buildArgs: Record<string, string> = {},
  targetPlatform = 'linux/amd64'
): DockerfileModel {
  return parseDockerfile(content, {
    buildArgs: new Map(Object.entries(buildArgs)),
    predefined: platformArgs('linux/amd64', targetPlatform)
  })
}

/** The targets of a Dockerfile, as a build of `targets` resolves them. */
export function resolve(
  content: string,
  targets: string[] = [],
  buildArgs: Record<string, string> = {}
) {
  return resolveTargets(parse(content, buildArgs), targets, 'Dockerfile')
}

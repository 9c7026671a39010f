import { describe } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { atLeast, parseInspect, parseVersion } from '../../src/buildx/versions.js'
import { makeBaseImages } from './engine.js'

/** The registry of the push tests (scripts/registry.sh); BuildKit pulls base images from it. */
export const REGISTRY = 'localhost:5000'

function docker(args: string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    return execFileSync('docker', args, {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
  } catch {
    return undefined
  }
}

/** `docker buildx version`, or undefined where buildx is not installed. */
export function buildxVersion(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return docker(['buildx', 'version'], env)?.trim()
}

/**
 * A remote BuildKit registered as a buildx builder named local-buildkit (or
 * SIZEGATE_TEST_BUILDER), as .ci/run's old-buildx world starts one, or undefined when
 * there is none here.
 */
export function remoteBuilder(): string | undefined {
  if (!buildxVersion()) return undefined
  const name = process.env.SIZEGATE_TEST_BUILDER || 'local-buildkit'
  const found = parseInspect(docker(['buildx', 'inspect', '--bootstrap', name]) ?? '')
  return found.driver === 'remote' && found.status === 'running' ? name : undefined
}

/** An environment without buildx: a Docker config folder with no CLI plugins in it. */
export function withoutBuildx(): Record<string, string> | undefined {
  const env = { DOCKER_CONFIG: mkdtempSync(path.join(tmpdir(), 'sizegate-nobuildx-')) }
  // A plugin installed system-wide is found whatever DOCKER_CONFIG says.
  return buildxVersion({ ...process.env, ...env }) ? undefined : env
}

/** The folder of a Docker CLI of version 23 or later, which refuses BuildKit without buildx. */
export function newCliFolder(): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/bin', '/usr/bin']
  return folders.find(folder => {
    const cli = path.join(folder, 'docker')
    if (!existsSync(cli)) return false
    const version = parseVersion(execVersion(cli))
    return version !== undefined && atLeast(version, '23.0.0')
  })
}

function execVersion(cli: string): string | undefined {
  try {
    return execFileSync(cli, ['version', '--format', '{{.Client.Version}}'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    })
  } catch (error) {
    // The client version is printed even when the engine does not answer.
    return (error as { stdout?: string }).stdout
  }
}

/** Base images in the local registry, where a remote BuildKit can pull them. */
export function pushBaseImages(...tags: string[]): string[] {
  makeBaseImages(...tags)
  return tags.map(tag => {
    const remote = `${REGISTRY}/sizegate-test/${tag}`
    execFileSync('docker', ['tag', tag, remote])
    execFileSync('docker', ['push', '-q', remote], { stdio: 'ignore' })
    return remote
  })
}

/** `describe`, or `describe.skip` with the reason said once in the log. */
export function describeWhen(reason: string | undefined): typeof describe {
  if (!reason) return describe
  return ((name: string, ...rest: unknown[]) => {
    console.log(`skipped: ${name}: ${reason}`)
    return (describe.skip as (name: string, ...args: unknown[]) => void)(name, ...rest)
  }) as unknown as typeof describe
}

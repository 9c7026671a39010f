import { statSync } from 'node:fs'
import * as path from 'node:path'
import { InputError } from '../errors.js'
import { type InputReader, parseBoolean, parseLines, parseList, STAGE_NAME } from './input-text.js'
import { Inputs } from '../input-names.js'
import type { BuildOptions, BuildSecret } from '../request.js'

const SECRET_ID = /^[A-Za-z0-9_.-]+$/
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const SHM_SIZE = /^[0-9]+(?:\.[0-9]+)?[bkmgBKMG]?$/

/** `key=value` lines, the value being everything after the first `=`. */
function keyValueLines(
  input: string,
  raw: string,
  keyPattern: RegExp,
  expected: string
): [string, string][] {
  return raw
    .split(/\r?\n/)
    .filter(line => line.trim() !== '')
    .map(line => {
      const eq = line.indexOf('=')
      const key = eq === -1 ? '' : line.slice(0, eq).trim()
      // The line's text would be the secret itself: name the input and the key only.
      if (!keyPattern.test(key)) throw new InputError(input, key || '(no key)', expected)
      return [key, line.slice(eq + 1)]
    })
}

function parseSecrets(read: InputReader, env: NodeJS.ProcessEnv, cwd: string): BuildSecret[] {
  const expected = (value: string) => `is not a secret line; expected id=${value}, one per line`
  const secrets: BuildSecret[] = [
    ...keyValueLines(Inputs.secrets, read(Inputs.secrets), SECRET_ID, expected('value')).map(
      ([id, value]): BuildSecret => ({ id, from: 'value', value })
    ),
    ...keyValueLines(
      Inputs.secretEnvs,
      read(Inputs.secretEnvs),
      SECRET_ID,
      expected('ENV_NAME')
    ).map(([id, variable]): BuildSecret => {
      const name = variable.trim()
      if (!ENV_NAME.test(name) || env[name] === undefined)
        throw new InputError(
          Inputs.secretEnvs,
          name,
          `is not a set environment variable; expected the variable that holds secret ${id}`
        )
      return { id, from: 'env', variable: name }
    }),
    ...keyValueLines(Inputs.secretFiles, read(Inputs.secretFiles), SECRET_ID, expected('path')).map(
      ([id, file]): BuildSecret => {
        const resolved = path.resolve(cwd, file.trim())
        if (!statSync(resolved, { throwIfNoEntry: false })?.isFile())
          throw new InputError(
            Inputs.secretFiles,
            file.trim(),
            `is not a file; expected the file that holds secret ${id}`
          )
        return { id, from: 'file', file: resolved }
      }
    )
  ]
  const ids = secrets.map(secret => secret.id)
  const twice = ids.find((id, index) => ids.indexOf(id) !== index)
  if (twice)
    throw new InputError(
      Inputs.secrets,
      twice,
      'is a secret id given twice; expected each id once across secrets, secret-envs and secret-files'
    )
  return secrets
}

function withKey(input: string, entries: string[], expected: string): string[] {
  for (const entry of entries)
    if (!/^[^=\s]+=/.test(entry)) throw new InputError(input, entry, expected)
  return entries
}

// The cache backends buildx knows; an entry without type= is an image reference.
const CACHE_TYPES = ['registry', 'local', 'inline', 'gha', 's3', 'azblob']

/** Cache entries whose type= buildx knows; only the type is named (attributes may hold keys). */
function cacheEntries(input: string, entries: string[]): string[] {
  for (const entry of entries) {
    const type = /(?:^|,)\s*type=([^,]*)/.exec(entry)?.[1]?.trim()
    if (type !== undefined && !CACHE_TYPES.includes(type))
      throw new InputError(
        input,
        type,
        `is not a cache type; expected type=${CACHE_TYPES.join(', type=')}, or an image reference`
      )
  }
  return entries
}

/** Labels with a key: `key=value`, or a bare `key` (an empty value), as docker takes them. */
function labelLines(entries: string[]): string[] {
  for (const entry of entries)
    if (entry.split('=', 1)[0].trim() === '')
      throw new InputError(Inputs.labels, entry, 'has no key; expected key=value, one per line')
  return entries
}

/** Hosts with an address: `host:ip` or `host=ip`, as docker's --add-host takes them. */
function hostEntries(entries: string[]): string[] {
  for (const entry of entries)
    if (!/^[^\s:=]+[:=]\S+$/.test(entry))
      throw new InputError(
        Inputs.addHosts,
        entry,
        'is not a host entry; expected host:ip (or host=ip), e.g. db:10.0.0.5 or host.docker.internal:host-gateway'
      )
  return entries
}

function optionalText(read: InputReader, input: string): string | undefined {
  return read(input).trim() || undefined
}

/** Parses the build-push-action inputs; `cwd` is where relative secret files start. */
export function parseBuildOptions(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  cwd: string
): BuildOptions {
  const shmSize = optionalText(read, Inputs.shmSize)
  if (shmSize && !SHM_SIZE.test(shmSize))
    throw new InputError(
      Inputs.shmSize,
      shmSize,
      'is not a size; expected a number with an optional unit b, k, m or g, like 2g'
    )
  const noCacheFilters = parseList(read(Inputs.noCacheFilters))
  for (const stage of noCacheFilters)
    if (!STAGE_NAME.test(stage))
      throw new InputError(
        Inputs.noCacheFilters,
        stage,
        'is not a stage name; expected stage names, one per line or comma-separated'
      )
  return {
    secrets: parseSecrets(read, env, cwd),
    ssh: parseList(read(Inputs.ssh)),
    labels: labelLines(parseLines(read(Inputs.labels))),
    annotations: withKey(
      Inputs.annotations,
      parseLines(read(Inputs.annotations)),
      'is not an annotation; expected [type:]key=value, one per line'
    ),
    buildContexts: withKey(
      Inputs.buildContexts,
      parseLines(read(Inputs.buildContexts)),
      'is not a build context; expected name=path, name=docker-image://ref or name=target:stage, one per line'
    ),
    cacheFrom: cacheEntries(Inputs.cacheFrom, parseLines(read(Inputs.cacheFrom))),
    cacheTo: cacheEntries(Inputs.cacheTo, parseLines(read(Inputs.cacheTo))),
    pull: parseBoolean(Inputs.pull, read(Inputs.pull), false),
    provenance: optionalText(read, Inputs.provenance),
    sbom: optionalText(read, Inputs.sbom),
    addHosts: hostEntries(parseList(read(Inputs.addHosts))),
    shmSize,
    ulimits: parseLines(read(Inputs.ulimit)),
    noCacheFilters
  }
}

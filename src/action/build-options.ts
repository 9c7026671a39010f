import { statSync } from 'node:fs'
import * as path from 'node:path'
import { InputError, SettingError } from '../errors.js'
import { goBoolean } from '../buildx/attests.js'
import { readRunContext } from '../github/context.js'
import {
  type InputReader,
  type ListReading,
  parseBoolean,
  parseInputList,
  STAGE_NAME
} from './input-text.js'
import { log } from '../log.js'
import { Inputs } from '../input-names.js'
import type { BuildOptions, BuildSecret } from '../request.js'

const SHM_SIZE = /^[0-9]+(?:\.[0-9]+)?[bkmgBKMG]?$/

/**
 * `id=value` items split at the first `=`. One without an id or a value is skipped
 * with a warning, as build-push-action skips it; the warning names its place, never
 * its text, which may be a secret's (a line that continues an unquoted value).
 */
function secretItems(input: string, items: string[], expected: string): [string, string][] {
  return items.flatMap((item, index): [string, string][] => {
    const eq = item.indexOf('=')
    const [id, value] = [item.slice(0, Math.max(eq, 0)).trim(), item.slice(eq + 1)]
    if (id !== '' && value !== '') return [[id, value]]
    log.warning(
      `${input}: item ${index + 1} is not ${expected} (a value with line breaks needs double quotes around the whole item); it is skipped`
    )
    return []
  })
}

function envSecret(id: string, variable: string, env: NodeJS.ProcessEnv): BuildSecret {
  if (env[variable] === undefined)
    log.warning(`${Inputs.secretEnvs}: ${variable} is not set; secret ${id} is empty`)
  return { id, from: 'env', variable }
}

function fileSecret(id: string, file: string, cwd: string): BuildSecret[] {
  const resolved = path.resolve(cwd, file)
  if (statSync(resolved, { throwIfNoEntry: false })?.isFile())
    return [{ id, from: 'file', file: resolved }]
  log.warning(`${Inputs.secretFiles}: ${file} is not a file; secret ${id} is skipped`)
  return []
}

/** The three secret inputs, read and checked as build-push-action reads them. */
function parseSecrets(read: InputReader, env: NodeJS.ProcessEnv, cwd: string): BuildSecret[] {
  const list = (input: string, reading: ListReading, expected: string) =>
    secretItems(input, parseInputList(input, read(input), reading), expected)
  const secrets: BuildSecret[] = [
    ...list(Inputs.secrets, { wholeLines: true, untrimmed: true }, 'id=value').map(
      ([id, value]): BuildSecret => ({ id, from: 'value', value })
    ),
    ...list(Inputs.secretEnvs, {}, 'id=ENV_NAME').map(([id, variable]) =>
      envSecret(id, variable, env)
    ),
    ...list(Inputs.secretFiles, { wholeLines: true }, 'id=path').flatMap(([id, file]) =>
      fileSecret(id, file, cwd)
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

/** `call`, kept only when it asks for something else than the build itself. */
function callMethod(read: InputReader): string | undefined {
  const call = read(Inputs.call).trim()
  return call === '' || call === 'build' ? undefined : call
}

/** Provenance as build-push-action settles it for this run: its builder-id and default. */
function provenanceSettings(
  env: NodeJS.ProcessEnv
): Pick<BuildOptions, 'builderId' | 'defaultProvenance'> {
  const run = readRunContext(env)
  const optOut = env.BUILDX_NO_DEFAULT_ATTESTATIONS ?? ''
  const noDefault = optOut === '' ? false : goBoolean(optOut)
  if (noDefault === undefined)
    throw new SettingError(
      'BUILDX_NO_DEFAULT_ATTESTATIONS',
      `${JSON.stringify(optOut)} is not a boolean; expected 1, true, 0 or false`
    )
  return {
    builderId: run.attemptUrl ?? undefined,
    defaultProvenance: noDefault || !run.runUrl ? undefined : run.privateRepository ? 'min' : 'max'
  }
}

/** Parses the build-push-action inputs; `cwd` is where relative secret files start. */
export function parseBuildOptions(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  cwd: string
): BuildOptions {
  // Each list as build-push-action reads it: a line of one item split on commas, or whole lines.
  const items = (input: string) => parseInputList(input, read(input))
  const lines = (input: string) => parseInputList(input, read(input), { wholeLines: true })
  const shmSize = optionalText(read, Inputs.shmSize)
  if (shmSize && !SHM_SIZE.test(shmSize))
    throw new InputError(
      Inputs.shmSize,
      shmSize,
      'is not a size; expected a number with an optional unit b, k, m or g, like 2g'
    )
  const noCacheFilters = items(Inputs.noCacheFilters)
  for (const stage of noCacheFilters)
    if (!STAGE_NAME.test(stage))
      throw new InputError(
        Inputs.noCacheFilters,
        stage,
        'is not a stage name; expected stage names, one per line or comma-separated'
      )
  return {
    secrets: parseSecrets(read, env, cwd),
    ssh: items(Inputs.ssh),
    labels: labelLines(lines(Inputs.labels)),
    annotations: withKey(
      Inputs.annotations,
      lines(Inputs.annotations),
      'is not an annotation; expected [type:]key=value, one per line'
    ),
    buildContexts: withKey(
      Inputs.buildContexts,
      lines(Inputs.buildContexts),
      'is not a build context; expected name=path, name=docker-image://ref or name=target:stage, one per line'
    ),
    cacheFrom: cacheEntries(Inputs.cacheFrom, lines(Inputs.cacheFrom)),
    cacheTo: cacheEntries(Inputs.cacheTo, lines(Inputs.cacheTo)),
    pull: parseBoolean(Inputs.pull, read(Inputs.pull), false),
    provenance: optionalText(read, Inputs.provenance),
    sbom: optionalText(read, Inputs.sbom),
    attests: lines(Inputs.attests),
    allow: items(Inputs.allow),
    cgroupParent: optionalText(read, Inputs.cgroupParent),
    call: callMethod(read),
    outputs: parseInputList(Inputs.outputs, read(Inputs.outputs), {
      wholeLines: true,
      noQuotes: true
    }),
    ...provenanceSettings(env),
    addHosts: hostEntries(items(Inputs.addHosts)),
    shmSize,
    ulimits: lines(Inputs.ulimit),
    noCacheFilters
  }
}

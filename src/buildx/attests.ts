import { parse } from 'csv-parse/sync'
import type { BuildOptions } from '../request.js'

/** The CSV fields of one buildx attribute list (`type=provenance,mode=max`), trimmed. */
function fields(attrs: string): string[] {
  const records: string[][] = parse(attrs, {
    delimiter: ',',
    trim: true,
    columns: false,
    relaxColumnCount: true,
    skipEmptyLines: true
  })
  return records.flat()
}

function keyOf(field: string): string {
  return field.split('=', 1)[0].trim()
}

// Go's strconv.ParseBool, which buildx uses.
const BOOLEAN = new Map<string, boolean>([
  ...['1', 't', 'T', 'true', 'TRUE', 'True'].map((text): [string, boolean] => [text, true]),
  ...['0', 'f', 'F', 'false', 'FALSE', 'False'].map((text): [string, boolean] => [text, false])
])

/** A boolean as Go's strconv reads it (buildx's flags and variables); undefined when it is none. */
export function goBoolean(text: string): boolean | undefined {
  return BOOLEAN.get(text.trim())
}

/** The types an attestation entry names (`type=sbom,…` → sbom), read once per entry. */
function attestationTypes(attest: string): string[] {
  return fields(attest)
    .filter(field => keyOf(field) === 'type')
    .map(field => field.split('=')[1]?.trim() ?? '')
}

/** A bare boolean field becomes `disabled=`, as buildx's --attest reads it. */
function withDisabled(attest: string): string {
  return fields(attest)
    .filter(field => field !== '')
    .map(field => (goBoolean(field) === undefined ? field : `disabled=${!goBoolean(field)}`))
    .join(',')
}

/** Provenance attributes with the run's builder-id added, unless they name one. */
function withBuilderId(attrs: string, builderId: string | undefined): string {
  if (!builderId || fields(attrs).some(field => keyOf(field) === 'builder-id')) return attrs
  return attrs ? `${attrs},builder-id=${builderId}` : `builder-id=${builderId}`
}

/** The `provenance` input as build-push-action reads it: true and false, or attributes. */
function provenanceInput(value: string, builderId: string | undefined): string {
  const flag = goBoolean(value)
  if (flag !== undefined) return flag ? withBuilderId('', builderId) : 'false'
  return withBuilderId(value, builderId)
}

/** What decides the default provenance: build-push-action adds it only where it can. */
export interface AttestationContext {
  /** The builder's BuildKit attaches attestations (0.11 or later). */
  buildkitAttests: boolean
  /** The image goes to the engine (a docker exporter), which keeps no attestation. */
  loads: boolean
}

/**
 * The --attest values of a build, in build-push-action's order and by its rules:
 * `provenance` and `sbom` first, and over an `attests` entry of their type; where
 * neither names provenance, the action's default (`defaultProvenance`), but never
 * into the engine; the run's builder-id on every provenance that names none.
 */
export function attestArgs(options: BuildOptions, context: AttestationContext): string[] {
  const { attests, provenance, sbom, builderId, defaultProvenance } = options
  const args: string[] = []
  const attestsProvenance = attests.some(attest => attestationTypes(attest).includes('provenance'))
  if (provenance) {
    args.push(withDisabled(`type=provenance,${provenanceInput(provenance, builderId)}`))
  } else if (defaultProvenance && !attestsProvenance && context.buildkitAttests && !context.loads) {
    const mode = defaultProvenance === 'min' ? 'mode=min,inline-only=true' : 'mode=max'
    args.push(`type=provenance,${withBuilderId(mode, builderId)}`)
  }
  if (sbom) args.push(withDisabled(`type=sbom,${sbom}`))
  for (const attest of attests) {
    const types = attestationTypes(attest)
    const [isProvenance, isSbom] = [types.includes('provenance'), types.includes('sbom')]
    if (!isProvenance && !isSbom) args.push(withDisabled(attest))
    else if (isProvenance && !provenance) args.push(withBuilderId(attest, builderId))
    else if (isSbom && !sbom) args.push(attest)
  }
  return args
}

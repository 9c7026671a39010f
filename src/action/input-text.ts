import { InputError } from '../errors.js'

/** Reads one input's raw text; '' when it is not set. */
export type InputReader = (name: string) => string

/** A Dockerfile stage name, as BuildKit accepts it. */
export const STAGE_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/

const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

/** A list input: one item per line or comma-separated, blanks dropped. */
export function parseList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map(item => item.trim())
    .filter(item => item !== '')
}

/** A list input whose items may hold commas (CSV, label values): one item per line. */
export function parseLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '')
}

export function parseBoolean(input: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim()
  if (value === '') return fallback
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw new InputError(input, raw, 'is not a boolean; expected true or false')
}

import { parse } from 'csv-parse/sync'
import { InputError, SettingError } from '../errors.js'

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

/** How build-push-action reads one of its list inputs. */
export interface ListReading {
  /** Each line is one item, commas and all (else a line of one field splits on commas). */
  wholeLines?: boolean
  /** `"` is text, not CSV quoting (outputs). */
  noQuotes?: boolean
  /** Items keep their spaces (secrets). */
  untrimmed?: boolean
}

/**
 * A list input read as build-push-action reads it: CSV records (so a quoted value
 * may span lines or hold commas), a record of one field split on commas unless
 * the input takes whole lines, several fields joined back with commas when it does.
 * csv-parse with its options: the same records by construction.
 */
export function parseInputList(input: string, raw: string, reading: ListReading = {}): string[] {
  const text = reading.untrimmed ? raw : raw.trim()
  if (text === '') return []
  let records: string[][]
  try {
    records = parse(text, {
      columns: false,
      relaxQuotes: true,
      relaxColumnCount: true,
      skipEmptyLines: true,
      quote: reading.noQuotes ? false : undefined
    })
  } catch (error) {
    // The message quotes no value: it may be a secret's.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new SettingError(
      input,
      `cannot be read as CSV (${reason}); expected one item per line, values with commas or line breaks in double quotes`
    )
  }
  const items = records.flatMap(record => {
    if (reading.wholeLines) return [record.join(',')]
    return record.length === 1 ? record[0].split(',') : record
  })
  return items.filter(item => item !== '').map(item => (reading.untrimmed ? item : item.trim()))
}

export function parseBoolean(input: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim()
  if (value === '') return fallback
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw new InputError(input, raw, 'is not a boolean; expected true or false')
}

/**
 * A size's unit. `kB`, `MB`, `GB`, `TB` are decimal, as `docker images` prints
 * sizes; `KiB`…`TiB` are binary; a bare `k`, `M`, `G`, `T` (any case, `b` or `i`
 * optional after it) is binary too, as Docker's own flags (`--shm-size 64m`) read it.
 */
function unitBytes(unit: string): number | undefined {
  if (/^b$/i.test(unit)) return 1
  const match = /^([kmgt])(i?)(b?)$/i.exec(unit)
  if (!match) return undefined
  const power = 'kmgt'.indexOf(match[1].toLowerCase()) + 1
  const decimal = !match[2] && match[3] !== ''
  return decimal ? 1000 ** power : 1024 ** power
}

const NUMBER = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i

/** A number with no unit: `10` could be 10 bytes, 10 MB or 10%; the user must say which. */
function isBareNumber(text: string): boolean {
  return /^\d+(?:\.\d+)?$/.test(text.trim())
}

/** `150MB`, `1.5 GiB`, `200kB`, `64m` → bytes; undefined when it is not a size with its unit. */
export function parseSize(text: string): number | undefined {
  const match = NUMBER.exec(text.trim())
  if (!match || !match[2]) return undefined
  const unit = unitBytes(match[2])
  return unit === undefined ? undefined : Math.round(Number(match[1]) * unit)
}

/** `10%` → 10; undefined when it is not a percent. */
function parsePercent(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim())
  return match ? Number(match[1]) : undefined
}

/** Growth must exceed every limit given to fail the gate. */
export interface IncreaseLimit {
  percent?: number
  bytes?: number
}

/** `10%`, `5MB` or `10%, 5MB`; undefined when a part is neither. */
export function parseIncreaseLimit(text: string): IncreaseLimit | undefined {
  const limit: IncreaseLimit = {}
  for (const part of text.split(',').map(item => item.trim())) {
    const percent = parsePercent(part)
    const bytes = percent === undefined ? parseSize(part) : undefined
    if (percent !== undefined && limit.percent === undefined) limit.percent = percent
    else if (bytes !== undefined && limit.bytes === undefined) limit.bytes = bytes
    else return undefined
  }
  return limit
}

const UNITS_EXPECTED = 'kB, MB, GB (decimal, as docker images prints) or KiB, MiB, GiB (or k, M, G)'

/** What is wrong with a text that is not a size, in words both shells use. */
export function sizeProblem(text: string): string {
  const value = text.trim()
  return isBareNumber(value)
    ? `has no unit; expected a size with its unit, like ${value}MB or ${value}MiB`
    : `is not a size; expected a number with ${UNITS_EXPECTED}, like 150MB`
}

/** What is wrong with a text that is not an increase limit, in words both shells use. */
export function increaseProblem(text: string): string {
  const bare = text
    .split(',')
    .map(part => part.trim())
    .find(isBareNumber)
  return bare
    ? `has no unit on ${bare}; expected a percent or a size, like ${bare}% or ${bare}MB`
    : `is not a limit; expected a percent (10%), a size (5MB; ${UNITS_EXPECTED}) or both (10%, 5MB)`
}

/** A limit on growth over a window of the base branch's history: `20% in 30d`. */
export interface GrowthLimit {
  limit: IncreaseLimit
  days: number
}

const WINDOW = /^(.+?)\s+in\s+(\d+)\s*([dw])$/i

/** `20% in 30d`, `10%, 50MB in 4w` → the limit and its days; undefined when it is not one. */
export function parseGrowthLimit(text: string): GrowthLimit | undefined {
  const match = WINDOW.exec(text.trim())
  const limit = match && parseIncreaseLimit(match[1])
  if (!match || !limit) return undefined
  const days = Number(match[2]) * (match[3].toLowerCase() === 'w' ? 7 : 1)
  return days > 0 ? { limit, days } : undefined
}

/** The largest size from `from` that stays within `limit` (growth fails only past every part). */
export function ceilingOf(from: number, limit: IncreaseLimit): number {
  const parts = [
    limit.percent === undefined ? undefined : from * (1 + limit.percent / 100),
    limit.bytes === undefined ? undefined : from + limit.bytes
  ].filter(value => value !== undefined)
  return Math.max(...parts)
}

/** What is wrong with a text that is not a growth limit, in words both shells use. */
export function growthProblem(text: string): string {
  const match = WINDOW.exec(text.trim())
  if (match && !parseIncreaseLimit(match[1])) return increaseProblem(match[1])
  return 'is not a growth limit; expected a limit as for max-increase and a window of days or weeks, like 20% in 30d or 10%, 50MB in 4w'
}

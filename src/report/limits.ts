/** Size units as docker prints them (decimal) and their binary cousins. */
const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4
}

/** `150MB`, `1.5 GiB`, `200kB`, `512` (bytes) → bytes; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim())
  if (!match) return undefined
  const unit = UNITS[(match[2] || 'b').toLowerCase()]
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

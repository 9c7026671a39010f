const UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

/** Decimal units, as docker prints sizes: 41.2 MB. */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  return `${bytes < 0 ? '-' : ''}${value.toFixed(digits)} ${UNITS[unit]}`
}

export function formatDuration(ms: number): string {
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '|': '&#124;'
}

/** Text from outside (file names, instructions, branch names) made inert in markdown and HTML. */
export function escapeText(text: string): string {
  return text
    .replace(/([\\`*_[\]#~!])/g, '\\$1')
    .replace(/[&<>"|]/g, ch => HTML[ch])
    .replace(/\r?\n/g, ' ')
}

/** Untrusted text as inline code that a table cell can hold. */
export function code(text: string): string {
  return `<code>${text.replace(/[&<>"|]/g, ch => HTML[ch]).replace(/\r?\n/g, ' ')}</code>`
}

/** Shortens long text on a character boundary, marking the cut. */
export function shorten(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB']

/** Decimal units, as docker prints sizes: 41.2 MB. */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes)
  let unit = 0
  for (;;) {
    // Decide on what rounding shows: 99.96 MB is "100 MB", 999,999 B is "1.0 MB".
    const digits = unit === 0 || value >= 99.95 ? 0 : 1
    const shown = Number(value.toFixed(digits))
    if (shown >= 1000 && unit < UNITS.length - 1) {
      value /= 1000
      unit++
      continue
    }
    return `${bytes < 0 ? '-' : ''}${shown.toFixed(digits)} ${UNITS[unit]}`
  }
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

/** Characters markdown would still read inside inline HTML, as entities. */
const MARKDOWN_IN_HTML = /[\\`*_[\]~]/g

/**
 * Untrusted text inside HTML (a <summary>, a <code>): entities only, since
 * markdown's backslash escapes show as they are there.
 */
export function htmlText(text: string): string {
  return text
    .replace(/[&<>"|]/g, ch => HTML[ch])
    .replace(MARKDOWN_IN_HTML, ch => `&#${ch.charCodeAt(0)};`)
    .replace(/\r?\n/g, ' ')
}

/** Untrusted text as inline code that a table cell can hold. */
export function code(text: string): string {
  return `<code>${htmlText(text)}</code>`
}

/** Text with `code` spans (hint messages): the spans as code, the rest escaped. */
export function textWithCode(text: string): string {
  return text
    .split('`')
    .map((part, index) => (index % 2 === 1 ? code(part) : escapeText(part)))
    .join('')
}

/** Shortens long text on a character boundary, marking the cut. */
export function shorten(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

/**
 * The stanzas of a deb822-style database (dpkg's status, Alpine's installed):
 * `Field: value` lines (or `K:value`), a blank line between stanzas; a line
 * starting with a space continues the field before it and is not needed here.
 */
export function* stanzas(contents: string): Generator<[string, string][]> {
  let fields: [string, string][] = []
  for (const line of contents.split('\n')) {
    if (line.trim() === '') {
      if (fields.length > 0) yield fields
      fields = []
      continue
    }
    if (line.startsWith(' ') || line.startsWith('\t')) continue
    const at = line.indexOf(':')
    if (at <= 0) continue
    fields.push([line.slice(0, at), line.slice(at + 1).trim()])
  }
  if (fields.length > 0) yield fields
}

/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}` and
 * `${NAME+word}` the way the Dockerfile frontend does for FROM and flag values.
 * `escape` followed by `$` keeps a literal `$`. Unknown names expand to ''.
 */
export function substitute(
  text: string,
  vars: ReadonlyMap<string, string>,
  escape = '\\'
): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === escape && text[i + 1] === '$') {
      out += '$'
      i++
      continue
    }
    if (ch !== '$') {
      out += ch
      continue
    }
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}/.exec(text.slice(i))
    if (braced) {
      out += expandBraced(braced[1], braced[2], braced[3], vars, escape)
      i += braced[0].length - 1
      continue
    }
    const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i))
    if (plain) {
      out += vars.get(plain[1]) ?? ''
      i += plain[0].length - 1
      continue
    }
    out += ch
  }
  return out
}

function expandBraced(
  name: string,
  operator: string | undefined,
  word: string | undefined,
  vars: ReadonlyMap<string, string>,
  escape: string
): string {
  const value = vars.get(name)
  const alternative = substitute(word ?? '', vars, escape)
  switch (operator) {
    case ':-':
      return value ? value : alternative
    case '-':
      return value !== undefined ? value : alternative
    case ':+':
      return value ? alternative : ''
    case '+':
      return value !== undefined ? alternative : ''
    default:
      return value ?? ''
  }
}

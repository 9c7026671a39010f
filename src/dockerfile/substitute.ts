/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}` and
 * `${NAME+word}` the way the Dockerfile frontend does for FROM and flag values.
 * `escape` followed by `$` keeps a literal `$`. Unknown names expand to ''.
 */
export function substitute(text: string, vars: ReadonlyMap<string, string>, escape = '\\'): string {
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
    const braced = parseBraced(text, i)
    if (braced) {
      out += expandBraced(braced.name, braced.operator, braced.word, vars, escape)
      i = braced.end
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

/** `${NAME}` or `${NAME<op>word}` at `start`, with nested braces in the word. */
function parseBraced(
  text: string,
  start: number
): { name: string; operator?: string; word?: string; end: number } | undefined {
  const head = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+])?/.exec(text.slice(start))
  if (!head) return undefined
  let depth = 1
  for (let at = start + head[0].length; at < text.length; at++) {
    if (text[at] === '{') depth++
    if (text[at] === '}' && --depth === 0) {
      const word = text.slice(start + head[0].length, at)
      if (!head[2] && word !== '') return undefined
      return { name: head[1], operator: head[2], word, end: at }
    }
  }
  return undefined
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

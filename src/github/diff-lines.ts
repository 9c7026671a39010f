/** Each line of the new file a diff's hunks show, and whether the diff added it. */
function newSideLines(patch: string | undefined): { line: number; added: boolean }[] {
  const lines: { line: number; added: boolean }[] = []
  let next = 0
  for (const text of (patch ?? '').split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text)
    if (hunk) next = Number(hunk[1])
    // A context line starts with a space: an empty string is the patch's end.
    else if (next > 0 && text !== '' && !text.startsWith('-') && !text.startsWith('\\'))
      lines.push({ line: next++, added: text.startsWith('+') })
  }
  return lines
}

/**
 * The lines of the new file a pull request's diff shows for one file (its
 * `patch`, as the API lists it): the added and unchanged lines of every hunk,
 * where a review comment may sit on the RIGHT side.
 */
export function rightSideLines(patch: string | undefined): Set<number> {
  return new Set(newSideLines(patch).map(({ line }) => line))
}

/** The lines a pull request added or changed in one file, by their number in the new file. */
export function addedLines(patch: string | undefined): Set<number> {
  return new Set(newSideLines(patch).flatMap(({ line, added }) => (added ? [line] : [])))
}

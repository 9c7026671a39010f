/**
 * The lines of the new file a pull request's diff shows for one file (its
 * `patch`, as the API lists it): the added and unchanged lines of every hunk,
 * where a review comment may sit on the RIGHT side.
 */
export function rightSideLines(patch: string | undefined): Set<number> {
  const lines = new Set<number>()
  let next = 0
  for (const text of (patch ?? '').split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text)
    if (hunk) next = Number(hunk[1])
    // A context line starts with a space: an empty string is the patch's end.
    else if (next > 0 && text !== '' && !text.startsWith('-') && !text.startsWith('\\'))
      lines.add(next++)
  }
  return lines
}

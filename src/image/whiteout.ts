/** The prefix of a whiteout entry's name: `dir/.wh.name` deletes `dir/name` in the layers below. */
export const WHITEOUT = '.wh.'

/** An opaque marker: `dir/.wh..wh..opq` empties `dir` of what the layers below put there. */
export const OPAQUE = '.wh..wh..opq'

/** The path a whiteout entry deletes. */
export function whitedOut(path: string): string {
  const slash = path.lastIndexOf('/')
  return `${path.slice(0, slash + 1)}${path.slice(slash + 1 + WHITEOUT.length)}`
}

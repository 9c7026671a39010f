/** Lines `from`..`to` (1-based, inclusive) of a Dockerfile replaced by `lines`; `to = from - 1` inserts before `from`. */
export interface LineEdit {
  from: number
  to: number
  lines: string[]
}

type FixRule =
  | 'apt-lists'
  | 'no-install-recommends'
  | 'omit-dev'
  | 'production-node-modules'
  | 'copy-chown'
  | 'pip-no-cache'
  | 'apk-no-cache'
  | 'slim-base'
  | 'delete-where-written'
  | 'multi-stage'

/**
 * What a fix means to change in the image; its image is compared with the
 * original's, and any other difference changes the app:
 * - `dev-packages`: removes the files of packages the project's lockfile (or
 *   manifest) marks dev, their `.bin` links, and npm's record of the tree rewritten
 * - `caches`: package-manager caches, package lists and logs removed or rewritten
 * - `base-files`: the base image's files changed; every file the Dockerfile's own
 *   instructions wrote stays the same
 */
export type DeclaredChange = 'dev-packages' | 'caches' | 'base-files'

/**
 * Each rule's declared changes. A rebuilt RUN writes new logs, so every rule that
 * reruns one declares caches; `copy-chown` reruns none and declares nothing;
 * `no-install-recommends` removes packages, which is never declared: it changes the app.
 */
const DECLARED: Record<FixRule, DeclaredChange[]> = {
  'apt-lists': ['caches'],
  'no-install-recommends': ['caches'],
  'omit-dev': ['dev-packages', 'caches'],
  'production-node-modules': ['dev-packages', 'caches'],
  'copy-chown': [],
  'pip-no-cache': ['caches'],
  'apk-no-cache': ['caches'],
  'slim-base': ['base-files', 'caches'],
  'delete-where-written': ['caches'],
  'multi-stage': ['dev-packages', 'base-files', 'caches']
}

/** What fixes applied together mean to change. */
export function declaredChanges(fixes: Fix[]): Set<DeclaredChange> {
  return new Set(fixes.flatMap(fix => DECLARED[fix.rule]))
}

/** One mechanical change of a Dockerfile's text, for one hint. */
export interface Fix {
  rule: FixRule
  /** The lines of the Dockerfile it changes (the first and last edited). */
  line: number
  endLine: number
  /** What it does, in sizegate's words (naming the file's own stages and images: escape it where shown). */
  title: string
  edits: LineEdit[]
}

/**
 * Whether two edits touch the same lines: replaced ranges that meet, an insertion
 * inside a replaced range, or two insertions at one place (their order would be a guess).
 */
function overlaps(a: LineEdit, b: LineEdit): boolean {
  if (a.from <= b.to && b.from <= a.to) return true
  const inserts = (edit: LineEdit) => edit.to < edit.from
  if (inserts(a) && inserts(b)) return a.from === b.from
  return (
    (inserts(a) && b.from < a.from && a.from <= b.to) ||
    (inserts(b) && a.from < b.from && b.from <= a.to)
  )
}

/** Whether two fixes touch the same lines: only one of them can be applied. */
function conflicts(a: Fix, b: Fix): boolean {
  return a.edits.some(edit => b.edits.some(other => overlaps(edit, other)))
}

/** The fixes that can be applied together: each one that conflicts with none before it. */
export function compatible(fixes: Fix[]): Fix[] {
  const chosen: Fix[] = []
  for (const fix of fixes) if (!chosen.some(other => conflicts(fix, other))) chosen.push(fix)
  return chosen
}

/** The Dockerfile's text with the fixes applied (each must conflict with no other). */
export function applyFixes(text: string, fixes: Fix[]): string {
  const newline = text.includes('\r\n') ? '\r\n' : '\n'
  const lines = text.split(/\r?\n/)
  const edits = fixes.flatMap(fix => fix.edits).sort((a, b) => b.from - a.from || b.to - a.to)
  // Bottom up, so that each edit's line numbers still hold.
  for (const edit of edits) lines.splice(edit.from - 1, edit.to - edit.from + 1, ...edit.lines)
  return lines.join(newline)
}

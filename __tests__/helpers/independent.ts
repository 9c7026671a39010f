import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

/** One path of an image as Python's tarfile reads it: kind, mode, uid, gid, digest or link target. */
export type FileRow = [string, number, number, number, string]

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'image-files.py')

/** Why images cannot be read here by a second reader; undefined where they can. */
export function secondReaderMissing(): string | undefined {
  const probe = spawnSync('python3', ['--version'])
  return probe.status === 0 ? undefined : 'python3 is not installed: no second reader of the images'
}

/**
 * An engine image's final files, read from `docker save` by Python's tarfile
 * (helpers/image-files.py): a reader that shares no code with sizegate's.
 */
export function filesByPython(image: string): Map<string, FileRow> {
  const folder = mkdtempSync(path.join(tmpdir(), 'sizegate-second-reader-'))
  try {
    const archive = path.join(folder, 'image.tar')
    execFileSync('docker', ['save', '-o', archive, image])
    const json = execFileSync('python3', [script, archive], { maxBuffer: 1 << 30 })
    return new Map(Object.entries(JSON.parse(json.toString('utf8')) as Record<string, FileRow>))
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

export interface Differences {
  removed: string[]
  added: string[]
  changed: string[]
}

/** The paths two images' files differ at, each list sorted. */
export function differencesOf(
  before: Map<string, FileRow>,
  after: Map<string, FileRow>
): Differences {
  const removed = [...before.keys()].filter(file => !after.has(file))
  const added = [...after.keys()].filter(file => !before.has(file))
  const changed = [...before].filter(
    ([file, row]) => after.has(file) && JSON.stringify(after.get(file)) !== JSON.stringify(row)
  )
  return {
    removed: removed.sort(),
    added: added.sort(),
    changed: changed.map(([file]) => file).sort()
  }
}

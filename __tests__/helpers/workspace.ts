import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

/**
 * A workspace for the tests of what reads settings: `app/Dockerfile` (a context's own)
 * and `Dockerfile.prod` at its root. Made before the file's tests, removed after.
 */
export function settingsWorkspace(
  beforeAll: (make: () => void) => void,
  afterAll: (remove: () => void) => void
): { readonly path: string } {
  const workspace = { path: '' }
  beforeAll(() => {
    workspace.path = mkdtempSync(path.join(tmpdir(), 'sizegate-settings-'))
    mkdirSync(path.join(workspace.path, 'app'))
    writeFileSync(path.join(workspace.path, 'app', 'Dockerfile'), 'FROM scratch\n')
    writeFileSync(path.join(workspace.path, 'Dockerfile.prod'), 'FROM scratch\n')
  })
  afterAll(() => rmSync(workspace.path, { recursive: true, force: true }))
  return workspace
}

import type { EntrySink } from '../tar-headers.js'
import { APK_DATABASE, apkPackages } from './apk.js'
import { debFileAt, debFiles, debName, debPackages } from './deb.js'
import { GoBuildInfoScanner } from './go.js'
import { JarScanner } from './jar.js'
import { npmDevEvidence, npmFileAt, npmPackage } from './npm.js'
import { pythonFileAt, pythonFiles, pythonPackage } from './python.js'
import type { PackageEvidence } from './types.js'

/** Metadata files larger than these are not read (the package's bytes still count, under its folder's name). */
const MANIFEST_LIMIT = 1024 * 1024
const DATABASE_LIMIT = 16 * 1024 * 1024
/** A Go binary is at least this large; smaller files are not looked into. */
const EXECUTABLE_MIN_BYTES = 256 * 1024

/** Collects a file of at most `limit` bytes; one larger is let go as it passes (`done` gets undefined). */
function textOf(limit: number, done: (text: string | undefined) => void): EntrySink {
  let chunks: Buffer[] | undefined = []
  let held = 0
  return {
    write: data => {
      held += data.length
      if (held > limit) chunks = undefined
      else chunks?.push(Buffer.from(data))
    },
    end: () => done(chunks && Buffer.concat(chunks).toString('utf8'))
  }
}

/** A sink whose failure ends only itself: odd bytes in a file never fail the layer. */
function guarded(sink: EntrySink): EntrySink {
  let failed = false
  const attempt = (act: () => void) => {
    if (failed) return
    try {
      act()
    } catch {
      failed = true
    }
  }
  return { write: data => attempt(() => sink.write(data)), end: () => attempt(() => sink.end()) }
}

/**
 * Looks at a layer's entries for package metadata as the tar streams past: hands
 * the tar reader a sink for each metadata file, Go binary candidate and jar, and
 * keeps what they say as evidence. Never throws: metadata it cannot read is
 * evidence of a package without a version, or none at all.
 */
export class PackageProbe {
  readonly evidence: PackageEvidence[] = []

  /** A sink for a regular file's contents, when they may say something about packages. */
  sinkFor(path: string, size: number): EntrySink | undefined {
    const sink = this.metadataSink(path) ?? this.binarySink(path, size)
    return sink && guarded(sink)
  }

  private keep(evidence: PackageEvidence | undefined): void {
    if (evidence) this.evidence.push(evidence)
  }

  private metadataSink(path: string): EntrySink | undefined {
    const npm = npmFileAt(path)
    if (npm === 'manifest')
      // An unreadable package.json still names its package, by its folder.
      return textOf(MANIFEST_LIMIT, text =>
        this.keep({ kind: 'npm', path, package: npmPackage(path, text) })
      )
    if (npm)
      return textOf(npm === 'lockfile' ? DATABASE_LIMIT : MANIFEST_LIMIT, text =>
        this.keep(text === undefined ? undefined : npmDevEvidence(path, text))
      )
    const python = pythonFileAt(path)
    if (python === 'metadata')
      return textOf(MANIFEST_LIMIT, text =>
        this.keep({ kind: 'python', path, package: pythonPackage(path, text) })
      )
    if (python)
      return textOf(DATABASE_LIMIT, text =>
        this.keep(
          text === undefined
            ? undefined
            : { kind: 'python-files', path, files: pythonFiles(path, text) }
        )
      )
    const deb = debFileAt(path)
    if (deb)
      return textOf(DATABASE_LIMIT, text => {
        if (text === undefined) return
        this.keep(
          deb.file === 'status'
            ? { kind: 'deb', path, packages: debPackages(text) }
            : {
                kind: 'deb-files',
                path,
                package: debName(deb.package),
                files: debFiles(path, text)
              }
        )
      })
    if (path === APK_DATABASE)
      return textOf(DATABASE_LIMIT, text =>
        this.keep(
          text === undefined ? undefined : { kind: 'apk', path, packages: apkPackages(text) }
        )
      )
    return undefined
  }

  private binarySink(path: string, size: number): EntrySink | undefined {
    if (path.endsWith('.jar')) {
      const scanner = new JarScanner()
      return {
        write: data => scanner.write(data),
        end: () => this.keep({ kind: 'java', path, jars: scanner.result(path, size) })
      }
    }
    if (size < EXECUTABLE_MIN_BYTES) return undefined
    const scanner = new GoBuildInfoScanner()
    return {
      write: data => scanner.write(data),
      end: () => {
        const info = scanner.result()
        if (info) this.keep({ kind: 'go', path, main: info.main, modules: info.modules })
      }
    }
  }
}

import { collected, type EntrySink } from '../tar-headers.js'
import { APK_DATABASE, apkPackages } from './apk.js'
import { debFileAt, debFiles, debName, debPackages } from './deb.js'
import { GoBuildInfoScanner } from './go.js'
import { JarScanner } from './jar.js'
import { npmDevEvidence, npmFileAt, npmPackage } from './npm.js'
import { pythonFileAt, pythonFiles, pythonPackage } from './python.js'
import type { PackageEvidence } from './types.js'

/** Metadata files larger than these are not read (an npm package is then named by its folder). */
const MANIFEST_LIMIT = 1024 * 1024
const DATABASE_LIMIT = 16 * 1024 * 1024
/** All the metadata one image's layers may have read: far more than real images hold. */
const IMAGE_METADATA_LIMIT = 64 * 1024 * 1024
/** A Go binary is at least this large; smaller files are not looked into. */
const EXECUTABLE_MIN_BYTES = 256 * 1024

/**
 * The metadata bytes an image's layers may still read, shared by its layers: what
 * is read is kept (parsed), so an archive of endless metadata must stop somewhere.
 */
export class MetadataBudget {
  constructor(private remaining = IMAGE_METADATA_LIMIT) {}

  /** Takes `bytes` from the budget; false (and nothing taken) when they do not fit. */
  take(bytes: number): boolean {
    if (bytes > this.remaining) return false
    this.remaining -= bytes
    return true
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

  constructor(private readonly budget: MetadataBudget) {}

  /** A sink for a regular file's contents, when they may say something about packages. */
  sinkFor(path: string, size: number): EntrySink | undefined {
    const sink = this.metadataSink(path, size) ?? this.binarySink(path, size)
    return sink && guarded(sink)
  }

  /** A text sink for a metadata file that fits its limit and the image's budget; else `unread` is kept, if any. */
  private read(
    size: number,
    limit: number,
    parse: (text: string) => PackageEvidence | undefined,
    unread?: PackageEvidence
  ): EntrySink | undefined {
    // Its size is known and within the budget: collected whole, read as text.
    if (size <= limit && this.budget.take(size))
      return collected(contents => this.keep(parse(contents.toString('utf8'))))
    this.keep(unread)
    return undefined
  }

  private keep(evidence: PackageEvidence | undefined): void {
    if (evidence) this.evidence.push(evidence)
  }

  private metadataSink(path: string, size: number): EntrySink | undefined {
    const npm = npmFileAt(path)
    if (npm === 'manifest')
      // An unread package.json still names its package, by its folder.
      return this.read(
        size,
        MANIFEST_LIMIT,
        text => ({ kind: 'npm', path, package: npmPackage(path, text) }),
        { kind: 'npm', path, package: npmPackage(path, undefined) }
      )
    if (npm)
      return this.read(size, npm === 'lockfile' ? DATABASE_LIMIT : MANIFEST_LIMIT, text =>
        npmDevEvidence(path, text)
      )
    const python = pythonFileAt(path)
    if (python === 'metadata')
      return this.read(size, MANIFEST_LIMIT, text => ({
        kind: 'python',
        path,
        package: pythonPackage(path, text)
      }))
    if (python)
      return this.read(size, DATABASE_LIMIT, text => ({
        kind: 'python-files',
        path,
        files: pythonFiles(path, text)
      }))
    const deb = debFileAt(path)
    if (deb)
      return this.read(size, DATABASE_LIMIT, text =>
        deb.file === 'status'
          ? { kind: 'deb', path, packages: debPackages(text) }
          : { kind: 'deb-files', path, package: debName(deb.package), files: debFiles(path, text) }
      )
    if (path === APK_DATABASE)
      return this.read(size, DATABASE_LIMIT, text => ({
        kind: 'apk',
        path,
        packages: apkPackages(text)
      }))
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

/** The package managers whose metadata sizegate reads in an image. */
export type Ecosystem = 'npm' | 'python' | 'deb' | 'apk' | 'go' | 'java'

/** A package as its metadata names it. */
export interface PackageName {
  name: string
  /** null where the metadata could not be read: the bytes are still counted. */
  version: string | null
}

/**
 * What one metadata file in a layer said, by the path it lay at: placed on the
 * image's final files once every layer is read (a later layer may rewrite or delete it).
 */
export type PackageEvidence =
  /** `…/node_modules/<name>/package.json`: the package is the folder. */
  | { kind: 'npm'; path: string; package: PackageName }
  /**
   * A project's `package.json` or npm's lockfile beside its `node_modules`: the
   * folders (relative to the project) of packages only development needs.
   */
  | { kind: 'npm-dev'; path: string; devFolders: string[]; fromLockfile: boolean }
  /** A `.dist-info` METADATA or `.egg-info` PKG-INFO. */
  | { kind: 'python'; path: string; package: PackageName }
  /** A `.dist-info` RECORD or `.egg-info` installed-files.txt: files relative to the site folder. */
  | { kind: 'python-files'; path: string; files: string[] }
  /** dpkg's status database, or one of distroless's `status.d/` files. */
  | { kind: 'deb'; path: string; packages: PackageName[] }
  /** A package's file list: `info/<name>.list` or distroless's `status.d/<name>.md5sums`. */
  | { kind: 'deb-files'; path: string; package: string; files: string[] }
  | { kind: 'apk'; path: string; packages: (PackageName & { files: string[] })[] }
  /** A Go binary's module list: its main module, and the modules built into it. */
  | { kind: 'go'; path: string; main: PackageName; modules: PackageName[] }
  /** A jar, and the jars nested in it (Spring Boot's `BOOT-INF/lib`), each with its bytes. */
  | { kind: 'java'; path: string; jars: JarPackage[] }

/** A jar found in an image: the file, or one nested in it, with its Maven name where it has one. */
export interface JarPackage extends PackageName {
  /** The nested jar's name inside the outer jar ('' for the outer jar itself). */
  entry: string
  /** Bytes of a nested jar as stored; the outer jar's own are its file's less its nested jars. */
  bytes: number
}

/** One package of the image's final files: its name, versions and bytes. */
export interface ImagePackage {
  ecosystem: Ecosystem
  name: string
  /** Every version installed, sorted ('unknown' where the metadata could not be read). */
  versions: string[]
  /** Bytes of its own files in the final image (0 for a Go module, part of its binary). */
  bytes: number
  /** The layer holding most of its bytes. */
  layer: number
  /** Only development needs it (npm: the lockfile says `dev`, or the project's devDependencies). */
  dev: boolean
}

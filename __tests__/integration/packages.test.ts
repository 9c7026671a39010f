import { execFileSync, spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { describeWhen } from '../helpers/buildx.js'
import { fixtures } from '../helpers/engine.js'
import { tarOf } from '../helpers/layout.js'
import {
  fileBytes,
  folderBytes,
  missing,
  packagesOf,
  pathsUnder,
  tarFrom
} from '../helpers/packages.js'
import { analyzeFiles } from '../../src/image/files.js'
import { analyzeLayer } from '../../src/image/layer.js'
import { GoBuildInfoScanner } from '../../src/image/packages/go.js'
import { JarScanner } from '../../src/image/packages/jar.js'
import { MetadataBudget } from '../../src/image/packages/probe.js'

const work = mkdtempSync(path.join(tmpdir(), 'sizegate-packages-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const run = (command: string, args: string[], cwd: string): string =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** A copy of the npm fixture project installed by `install` in a folder of its own. */
function installedProject(name: string, install: string[]): string {
  const project = path.join(work, name)
  mkdirSync(project, { recursive: true })
  for (const file of ['package.json', 'package-lock.json'])
    cpSync(path.join(fixtures, 'packages', 'npm-app', file), path.join(project, file))
  run(install[0], install.slice(1), project)
  return project
}

/** npm's own tree of what it installed: `ecosystem/name` → versions, and which only development needs. */
function npmTree(project: string, omitDev = false): Map<string, Set<string>> {
  const listing = JSON.parse(
    run('npm', ['ls', '--all', '--json', ...(omitDev ? ['--omit=dev'] : [])], project)
  ) as { dependencies?: Record<string, unknown> }
  const versions = new Map<string, Set<string>>()
  const stack = [listing.dependencies ?? {}]
  while (stack.length > 0) {
    const dependencies = stack.pop() as Record<
      string,
      { version: string; dependencies?: Record<string, unknown> }
    >
    for (const [name, entry] of Object.entries(dependencies)) {
      const seen = versions.get(`npm/${name}`) ?? new Set()
      versions.set(`npm/${name}`, seen.add(entry.version))
      if (entry.dependencies) stack.push(entry.dependencies)
    }
  }
  return versions
}

const npmReason =
  spawnSync('npm', ['ping'], { encoding: 'utf8', timeout: 30_000 }).status === 0
    ? undefined
    : 'the npm registry does not answer'

describeWhen(npmReason)('npm packages installed by npm from the registry', () => {
  let project: string
  beforeAll(() => {
    project = installedProject('npm', ['npm', 'ci', '--no-audit', '--no-fund'])
  })

  it('names every package npm installed, with its versions, and only dev dependencies as dev', async () => {
    const found = await packagesOf(tarFrom(project, pathsUnder(project, '.'), 's,^\\.,app,'))
    const installed = npmTree(project)
    const production = npmTree(project, true)
    const npmFound = [...found.values()].filter(item => item.ecosystem === 'npm')
    expect(new Map(npmFound.map(item => [`npm/${item.name}`, new Set(item.versions)]))).toEqual(
      installed
    )
    // debug keeps its own ms 2.1.2 below it: both versions, bytes of both copies.
    expect(found.get('npm/ms')?.versions).toEqual(['2.1.2', '2.1.3'])
    for (const item of npmFound)
      expect([item.name, item.dev]).toEqual([item.name, !production.has(`npm/${item.name}`)])
  }, 60_000)

  it("counts each package's own files, not the packages nested in it", async () => {
    const found = await packagesOf(tarFrom(project, pathsUnder(project, '.'), 's,^\\.,app,'))
    const own = (folder: string) =>
      folderBytes(path.join(project, folder), part => part === 'node_modules')
    expect(found.get('npm/typescript')?.bytes).toBe(own('node_modules/typescript'))
    expect(found.get('npm/debug')?.bytes).toBe(own('node_modules/debug'))
    expect(found.get('npm/ms')?.bytes).toBe(
      own('node_modules/ms') + own('node_modules/debug/node_modules/ms')
    )
    expect(found.get('npm/@sindresorhus/is')?.bytes).toBe(own('node_modules/@sindresorhus/is'))
    expect(found.get('npm/typescript')?.bytes).toBeGreaterThan(10_000_000)
  }, 60_000)

  it("reads pnpm's layout: each package once, in .pnpm, with its version", async () => {
    const pnpm = installedProject('pnpm', [
      'npm',
      'exec',
      '--yes',
      'pnpm@9.15.9',
      '--',
      'install',
      '--config.confirmModulesPurge=false',
      '--ignore-scripts'
    ])
    const found = await packagesOf(tarFrom(pnpm, pathsUnder(pnpm, '.'), 's,^\\.,app,'))
    const installed = npmTree(project)
    expect(
      new Map(
        [...found.values()]
          .filter(item => item.ecosystem === 'npm')
          .map(item => [`npm/${item.name}`, new Set(item.versions)])
      )
    ).toEqual(installed)
    // pnpm hardlinks files of equal contents from its store: tar stores the second
    // copy as a link, which holds no bytes, as the engine counts it.
    const typescript = realpathSync(path.join(pnpm, 'node_modules', 'typescript'))
    expect(found.get('npm/typescript')?.bytes).toBeLessThanOrEqual(folderBytes(typescript))
    expect(found.get('npm/typescript')?.bytes).toBeGreaterThan(0.999 * folderBytes(typescript))
  }, 120_000)
})

describe('Python packages installed by pip', () => {
  const python = spawnSync(
    'python3',
    ['-c', 'import pip, sysconfig; print(sysconfig.get_paths()["purelib"])'],
    {
      encoding: 'utf8'
    }
  )
  const site = python.status === 0 ? python.stdout.trim() : ''

  /** What `pip show -f` says of a distribution: its version and its files, relative to the site folder. */
  function pipShow(name: string): { version: string; files: string[] } {
    const text = run('python3', ['-m', 'pip', 'show', '-f', name], site)
    const version = /^Version: (.+)$/m.exec(text)?.[1] ?? ''
    const files = text
      .split('Files:\n')[1]
      .split('\n')
      .map(line => line.trim())
      .filter(Boolean)
    return { version, files }
  }

  it('names pip and setuptools with their versions, and counts the files RECORD lists', async () => {
    if (!site) return console.log('skipped: Python packages: python3 with pip is not installed')
    const tops = [
      'pip',
      'setuptools',
      'pkg_resources',
      '_distutils_hack',
      'distutils-precedence.pth'
    ]
    const infos = run('ls', [site], site)
      .split('\n')
      .filter(name => /^(pip|setuptools)-.*\.dist-info$/.test(name))
    const paths = [...tops, ...infos]
      .filter(name => existsSync(path.join(site, name)))
      .flatMap(name => pathsUnder(site, name))
    const found = await packagesOf(
      tarFrom(site, paths, 's,^,usr/local/lib/python3/site-packages/,')
    )
    // setuptools comes with most Pythons, pip with all.
    for (const name of infos.map(info => info.split('-')[0])) {
      const shown = pipShow(name)
      // Scripts listed as ../../../bin/pip lie outside the folder put in the image.
      const listed = shown.files.filter(
        file => !file.startsWith('..') && existsSync(path.join(site, file))
      )
      expect(found.get(`python/${name}`)).toMatchObject({
        versions: [shown.version],
        bytes: listed.reduce((sum, file) => sum + fileBytes(path.join(site, file)), 0)
      })
    }
  }, 60_000)
})

/** The site folder a layout is put at in the image. */
const SITE = 'usr/local/lib/python3.11/site-packages'

describeWhen(missing('python3', '-c', 'import setuptools, distutils'))(
  'Python layouts other than a wheel, as setuptools and distutils write them',
  () => {
    /** A project of one package and one module, of known bytes. */
    function project(name: string, setup: string): string {
      const folder = mkdtempSync(path.join(work, `${name}-`))
      writeFileSync(path.join(folder, 'setup.py'), setup)
      mkdirSync(path.join(folder, 'tinytools'))
      writeFileSync(path.join(folder, 'tinytools', '__init__.py'), 'VALUE = 1\n')
      writeFileSync(path.join(folder, 'tinytools', 'data.py'), `DATA = "${'x'.repeat(40_000)}"\n`)
      return folder
    }
    /** Python run as a build runs it: no bytecode, the stdlib's distutils where asked. */
    const python = (folder: string, args: string[], stdlib = false) =>
      execFileSync('python3', ['-W', 'ignore', ...args], {
        cwd: folder,
        env: {
          ...process.env,
          PYTHONDONTWRITEBYTECODE: '1',
          ...(stdlib ? { SETUPTOOLS_USE_DISTUTILS: 'stdlib' } : {})
        },
        stdio: ['ignore', 'ignore', 'pipe']
      })
    /** `setup.py install` under `root/` of the project, as a build's Python does; its site folder. */
    const installed = (folder: string, options: string[], stdlib = false): string => {
      python(
        folder,
        ['setup.py', '-q', 'install', '--root', 'root', '--prefix', '/usr/local', ...options],
        stdlib
      )
      return path.join(folder, 'root', 'usr', 'local', 'lib', 'python3.11', 'site-packages')
    }
    /** `folder` under `site`, put at the image's site folder. */
    const inImage = (site: string, folder: string) =>
      tarFrom(site, pathsUnder(site, folder), `s,^,${SITE}/,`)

    it("reads distutils' single-file .egg-info, and counts that file", async () => {
      const folder = project(
        'egg-file',
        "from distutils.core import setup\nsetup(name='tiny-dist', version='1.2.0', py_modules=['tinydist'])\n"
      )
      writeFileSync(path.join(folder, 'tinydist.py'), 'VALUE = 1\n')
      const site = installed(folder, [], true)
      const file = 'tiny_dist-1.2.0-py3.11.egg-info'
      expect(statSync(path.join(site, file)).isFile()).toBe(true)
      const found = await packagesOf(tarFrom(site, [file, 'tinydist.py'], `s,^,${SITE}/,`))
      expect(found.get('python/tiny-dist')).toMatchObject({
        versions: ['1.2.0'],
        bytes: fileBytes(path.join(site, file))
      })
    })

    it("reads an unpacked egg's EGG-INFO, and counts the whole egg", async () => {
      const folder = project(
        'egg',
        "from setuptools import setup\nsetup(name='tiny-egg', version='3.1.4', packages=['tinytools'], zip_safe=False)\n"
      )
      python(folder, ['setup.py', '-q', 'bdist_egg'])
      const egg = 'tiny_egg-3.1.4-py3.11.egg'
      const site = path.join(folder, 'site')
      mkdirSync(path.join(site, egg), { recursive: true })
      // As easy_install unpacks an egg that is not zip-safe: a folder of its zip.
      execFileSync('unzip', ['-q', path.join(folder, 'dist', egg), '-d', path.join(site, egg)])
      const found = await packagesOf(inImage(site, egg))
      expect(found.get('python/tiny-egg')).toMatchObject({
        versions: ['3.1.4'],
        bytes: folderBytes(path.join(site, egg))
      })
    })

    it('reads an .egg-info folder by RECORD first, then installed-files.txt, as pip does', async () => {
      const folder = project(
        'egg-info',
        "from setuptools import setup\nsetup(name='tiny-tools', version='2.0.1', packages=['tinytools'])\n"
      )
      const site = installed(folder, [
        '--single-version-externally-managed',
        '--record',
        'record.txt'
      ])
      const info = 'tiny_tools-2.0.1-py3.11.egg-info'
      const code = ['tinytools/__init__.py', 'tinytools/data.py']
      const codeBytes = code.reduce((sum, file) => sum + fileBytes(path.join(site, file)), 0)
      // pip's legacy install writes installed-files.txt, relative to the folder itself.
      writeFileSync(
        path.join(site, info, 'installed-files.txt'),
        code.map(file => `../${file}`).join('\n') + '\n'
      )
      const paths = [info, ...pathsUnder(site, info).slice(1), 'tinytools', ...code]
      const viaList = await packagesOf(tarFrom(site, paths, `s,^,${SITE}/,`))
      expect(viaList.get('python/tiny-tools')).toMatchObject({
        versions: ['2.0.1'],
        bytes: codeBytes
      })
      // A RECORD beside it (paths from the site folder) lists the data file only: RECORD wins.
      writeFileSync(
        path.join(site, info, 'RECORD'),
        `tinytools/data.py,,${fileBytes(path.join(site, code[1]))}\n`
      )
      const viaRecord = await packagesOf(
        tarFrom(site, [...paths, `${info}/RECORD`], `s,^,${SITE}/,`)
      )
      expect(viaRecord.get('python/tiny-tools')).toMatchObject({
        bytes: fileBytes(path.join(site, code[1]))
      })
    })
  }
)

describeWhen(missing('dpkg-query', '--version'))("Debian packages from dpkg's own database", () => {
  const chosen = ['hostname', 'zstd', 'libzstd1', 'gzip'].filter(
    name => spawnSync('dpkg-query', ['-W', name]).status === 0
  )

  /** dpkg's own file list of a package: what `dpkg -L` prints, less its folders (and links to folders: /bin on a merged /usr). */
  const filesOf = (name: string): string[] =>
    run('dpkg', ['-L', name], '/')
      .split('\n')
      .filter(file => file && existsSync(file) && !statSync(file).isDirectory())

  it('names every installed package with its version and counts the files of the packages it holds', async () => {
    const infos = chosen.flatMap(name =>
      run('ls', ['/var/lib/dpkg/info'], '/')
        .split('\n')
        .filter(
          file => file === `${name}.list` || (file.startsWith(`${name}:`) && file.endsWith('.list'))
        )
    )
    const files = [...new Set(chosen.flatMap(filesOf))]
      // A merged-/usr root: the lists name /bin and /lib, the files lie under /usr.
      .map(file => realpathSync(path.dirname(file)) + '/' + path.basename(file))
    const paths = [
      'bin',
      'lib',
      'var/lib/dpkg/status',
      ...infos.map(info => `var/lib/dpkg/info/${info}`),
      ...files.map(file => file.slice(1))
    ].filter(file => existsSync(path.join('/', file)))
    const found = await packagesOf(tarFrom('/', paths))
    const installed = run(
      'dpkg-query',
      ['-W', '-f', '${db:Status-Status} ${Package} ${Version}\\n'],
      '/'
    )
      .split('\n')
      .filter(line => line.startsWith('installed '))
      .map(line => line.split(' '))
    const debFound = [...found.values()].filter(item => item.ecosystem === 'deb')
    expect(new Map(debFound.map(item => [item.name, item.versions]))).toEqual(
      new Map(installed.map(([, name, version]) => [name, [version]]))
    )
    // Hardlinked files (gzip's gunzip and uncompress) are one file's bytes, as tar and the engine count them.
    const distinct = (files: string[]) => [
      ...new Map(files.map(file => [lstatSync(file).ino, fileBytes(file)])).values()
    ]
    for (const name of chosen)
      expect([name, found.get(`deb/${name}`)?.bytes]).toEqual([
        name,
        distinct(filesOf(name)).reduce((sum, bytes) => sum + bytes, 0)
      ])
  }, 60_000)

  it('reads a distroless status.d: one stanza and one md5sums a package', async () => {
    const stanza = run('dpkg-query', ['-s', 'hostname'], '/')
    const md5sums = readFileSync('/var/lib/dpkg/info/hostname.md5sums', 'utf8')
    const files = filesOf('hostname').map(
      file => realpathSync(path.dirname(file)) + '/' + path.basename(file)
    )
    const root = mkdtempSync(path.join(work, 'distroless-'))
    mkdirSync(path.join(root, 'var/lib/dpkg/status.d'), { recursive: true })
    writeFileSync(
      path.join(root, 'var/lib/dpkg/status.d/hostname'),
      stanza.replace(/^Status:.*\n/m, '')
    )
    writeFileSync(path.join(root, 'var/lib/dpkg/status.d/hostname.md5sums'), md5sums)
    const database = tarFrom(root, [
      'var/lib/dpkg/status.d/hostname',
      'var/lib/dpkg/status.d/hostname.md5sums'
    ])
    const found = await packagesOf(
      database,
      tarFrom('/', ['bin', ...files.map(file => file.slice(1))])
    )
    const version = run('dpkg-query', ['-W', '-f', '${Version}', 'hostname'], '/')
    const listed = md5sums
      .split('\n')
      .filter(Boolean)
      .map(line => '/' + line.split(/\s+/)[1])
    expect(found.get('deb/hostname')).toMatchObject({
      versions: [version],
      bytes: listed.reduce(
        (sum, file) => sum + (existsSync(file) ? fileBytes(realpathSync(file)) : 0),
        0
      )
    })
  })
})

describe("Alpine's installed database, from apk's documented format", () => {
  it('names each package, its version, and counts the files its R: lines list', async () => {
    const database = [
      'C:Q1abc=',
      'P:musl',
      'V:1.2.5-r0',
      'A:x86_64',
      'S:407000',
      'I:659456',
      'T:the musl c library',
      '',
      'F:lib',
      'R:ld-musl-x86_64.so.1',
      'a:0:0:755',
      'Z:Q1xyz=',
      'R:libc.musl-x86_64.so.1',
      '',
      'P:busybox',
      'V:1.36.1-r29',
      'F:bin',
      'R:busybox',
      'F:etc',
      'R:securetty',
      ''
    ]
      .join('\n')
      .replace(/\n\nF:lib/, '\nF:lib')
    const layer = await tarOf([
      ['lib/apk/db/installed', Buffer.from(database)],
      ['lib/ld-musl-x86_64.so.1', Buffer.alloc(600_000, 1)],
      ['lib/libc.musl-x86_64.so.1', Buffer.alloc(20, 1)],
      ['bin/busybox', Buffer.alloc(900_000, 2)],
      ['etc/securetty', Buffer.alloc(100, 3)]
    ])
    const found = await packagesOf(layer)
    expect(found.get('apk/musl')).toMatchObject({ versions: ['1.2.5-r0'], bytes: 600_020 })
    expect(found.get('apk/busybox')).toMatchObject({ versions: ['1.36.1-r29'], bytes: 900_100 })
  })
})

describeWhen(missing('go', 'version'))('Go binaries built here', () => {
  /** Builds the fixture app, internally or externally linked, offline. */
  function build(name: string, ...flags: string[]): string {
    const source = path.join(work, 'go-app')
    cpSync(path.join(fixtures, 'packages', 'go-app'), source, { recursive: true })
    const output = path.join(work, name)
    execFileSync('go', ['build', '-buildvcs=false', ...flags, '-o', output, '.'], {
      cwd: path.join(source, 'app'),
      env: {
        ...process.env,
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
        GOCACHE: path.join(work, 'go-cache'),
        CGO_ENABLED: '1'
      },
      stdio: 'ignore'
    })
    return output
  }

  /** The modules `go version -m` lists: main module, then each dependency with its replacement's version where it has one. */
  function goVersionM(binary: string): { name: string; versions: string[] }[] {
    const modules: { name: string; versions: string[] }[] = []
    for (const line of run('go', ['version', '-m', binary], work).split('\n')) {
      const [, kind, name, version = ''] = line.split('\t')
      const known = version && version !== '(devel)' ? [version] : ['unknown']
      if (kind === 'mod' || kind === 'dep') modules.push({ name, versions: known })
      if (kind === '=>' && known[0] !== 'unknown') modules[modules.length - 1].versions = known
    }
    return modules
  }

  it.each([
    ['internal', []],
    ['external', ['-ldflags=-linkmode=external']]
  ])(
    'reads the module list of a %s-linked binary as go version -m prints it',
    async (name, flags) => {
      const binary = build(`app-${name}`, ...(flags as string[]))
      const found = await packagesOf(
        tarFrom(path.dirname(binary), [path.basename(binary)], 's,^,usr/local/bin/,')
      )
      const modules = [...found.values()].filter(item => item.ecosystem === 'go')
      expect(modules.map(item => ({ name: item.name, versions: item.versions }))).toEqual(
        goVersionM(binary)
      )
      expect(found.get('go/example.com/app')?.bytes).toBe(fileBytes(binary))
    },
    120_000
  )

  it('finds the build info whatever the chunk boundaries', () => {
    const binary = readFileSync(build('app-chunks'))
    for (const size of [1, 7, 64, 4096, 65_537]) {
      const scanner = new GoBuildInfoScanner()
      for (let at = 0; at < binary.length; at += size) scanner.write(binary.subarray(at, at + size))
      expect(scanner.result()?.modules.map(module => module.name)).toEqual(['example.com/greet'])
    }
  }, 120_000)
})

describeWhen(missing('jar', '--version'))('Java jars made by the jar tool', () => {
  /** A jar of `files` (relative paths under a fresh folder), made by the JDK's jar tool, with `manifest` lines. */
  function jar(
    name: string,
    files: Record<string, string | Buffer>,
    store = false,
    manifest?: string
  ): string {
    const folder = mkdtempSync(path.join(work, 'jar-'))
    for (const [file, body] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(folder, file)), { recursive: true })
      writeFileSync(path.join(folder, file), body)
    }
    const output = path.join(work, name)
    const manifestFile = path.join(work, `${name}.MF`)
    if (manifest) writeFileSync(manifestFile, manifest)
    execFileSync('jar', [
      '--create',
      ...(store ? ['--no-compress'] : []),
      ...(manifest ? ['--manifest', manifestFile] : []),
      '--file',
      output,
      '-C',
      folder,
      '.'
    ])
    return output
  }
  const pom = (group: string, artifact: string, version: string) =>
    `#Generated by Maven\nversion=${version}\ngroupId=${group}\nartifactId=${artifact}\n`

  it("names a jar by its pom.properties, and a Spring Boot jar's nested jars each by theirs", async () => {
    const core = jar('spring-core-6.1.2.jar', {
      'META-INF/maven/org.springframework/spring-core/pom.properties': pom(
        'org.springframework',
        'spring-core',
        '6.1.2'
      ),
      'org/springframework/Core.class': Buffer.alloc(50_000, 7)
    })
    const plain = jar('left-pad-1.0.jar', { 'leftpad/Pad.class': Buffer.alloc(3000, 1) })
    const app = jar(
      'app.jar',
      {
        'META-INF/maven/com.example/demo/pom.properties': pom(
          'com.example',
          'demo',
          '0.0.1-SNAPSHOT'
        ),
        'BOOT-INF/classes/com/example/App.class': Buffer.alloc(2000, 3),
        'BOOT-INF/lib/spring-core-6.1.2.jar': readFileSync(core),
        'BOOT-INF/lib/left-pad-1.0.jar': readFileSync(plain)
      },
      true
    )
    const found = await packagesOf(tarFrom(work, [path.basename(app)], 's,^,app/,'))
    expect(found.get('java/org.springframework:spring-core')).toMatchObject({
      versions: ['6.1.2'],
      bytes: fileBytes(core)
    })
    expect(found.get('java/left-pad')).toMatchObject({ versions: ['1.0'], bytes: fileBytes(plain) })
    expect(found.get('java/com.example:demo')).toMatchObject({
      versions: ['0.0.1-SNAPSHOT'],
      bytes: fileBytes(app) - fileBytes(core) - fileBytes(plain)
    })
  })

  it('names a shaded jar by the pom.properties its manifest names, when none is named like the file', async () => {
    const shaded = jar(
      'service-all.jar',
      {
        'META-INF/maven/com.example/orders-core/pom.properties': pom(
          'com.example',
          'orders-core',
          '1.4.0'
        ),
        'META-INF/maven/org.lib/util/pom.properties': pom('org.lib', 'util', '2.0.3'),
        'com/example/Orders.class': Buffer.alloc(9000, 2)
      },
      false,
      'Implementation-Title: orders-core\nImplementation-Version: 1.4.0\n'
    )
    const found = await packagesOf(tarFrom(work, [path.basename(shaded)], 's,^,app/,'))
    expect(found.get('java/com.example:orders-core')).toMatchObject({
      versions: ['1.4.0'],
      bytes: fileBytes(shaded)
    })
  })

  it('names a jar with a pom.xml and no pom.properties by its pom.xml, the version inherited from its parent', async () => {
    const pomXml = [
      '<?xml version="1.0"?>',
      '<project xmlns="http://maven.apache.org/POM/4.0.0">',
      '  <!-- <artifactId>not-this</artifactId> -->',
      '  <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>5.2.1</version></parent>',
      '  <artifactId>ledger</artifactId>',
      '  <dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>9</version></dependency></dependencies>',
      '</project>'
    ].join('\n')
    const library = jar('ledger.jar', {
      'META-INF/maven/org.example/ledger/pom.xml': pomXml,
      'org/example/Ledger.class': Buffer.alloc(4000, 5)
    })
    const found = await packagesOf(tarFrom(work, [path.basename(library)], 's,^,lib/,'))
    expect(found.get('java/org.example:ledger')).toMatchObject({
      versions: ['5.2.1'],
      bytes: fileBytes(library)
    })
  })

  it('names a jar with neither by its manifest', async () => {
    const plain = jar(
      'tool.jar',
      { 'tool/Main.class': Buffer.alloc(2000, 4) },
      false,
      ['Implementation-Title: acme-tool', 'Implementation-Version: 0.9.2', ''].join('\n')
    )
    const found = await packagesOf(tarFrom(work, [path.basename(plain)], 's,^,opt/,'))
    expect(found.get('java/acme-tool')).toMatchObject({ versions: ['0.9.2'] })
  })

  it("names the jars Debian's Maven ships by the pom.properties Maven wrote into them", async () => {
    const lib = '/usr/share/java'
    const jars = ['commons-io.jar', 'commons-lang3.jar', 'guava.jar'].filter(name =>
      existsSync(path.join(lib, name))
    )
    if (jars.length === 0) return console.log('skipped: no Maven-built jars in /usr/share/java')
    const found = await packagesOf(
      tarFrom(
        lib,
        jars.map(name => realpathSync(path.join(lib, name)).slice(lib.length + 1))
      )
    )
    for (const name of jars) {
      const file = realpathSync(path.join(lib, name))
      const properties = run('unzip', ['-p', file, 'META-INF/maven/*/*/pom.properties'], work)
      const field = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(properties)?.[1]?.trim()
      expect(found.get(`java/${field('groupId')}:${field('artifactId')}`)).toMatchObject({
        versions: [field('version')],
        bytes: fileBytes(file)
      })
    }
  })
})

describe("npm's v1 lockfile, as npm 5 and 6 wrote it", () => {
  it('marks dev each package its nested dependencies mark dev, the transitive ones too', async () => {
    const project = path.join(work, 'legacy-app')
    const modules: [string, string][] = [
      ['node_modules/ms', '2.1.3'],
      ['node_modules/debug', '4.3.4'],
      ['node_modules/debug/node_modules/supports-color', '7.2.0'],
      ['node_modules/typescript', '5.6.3'],
      ['node_modules/tslib', '2.8.1']
    ]
    for (const [folder, version] of modules) {
      mkdirSync(path.join(project, folder), { recursive: true })
      const name = folder.slice(folder.lastIndexOf('/') + 1)
      writeFileSync(path.join(project, folder, 'package.json'), JSON.stringify({ name, version }))
      writeFileSync(path.join(project, folder, 'index.js'), 'x'.repeat(5000))
    }
    // Only typescript is the project's own devDependency; tslib and supports-color are
    // dev by the lockfile alone.
    const manifest = {
      name: 'legacy-app',
      version: '1.0.0',
      dependencies: { debug: '^4.3.4', ms: '^2.1.3' },
      devDependencies: { typescript: '^5.6.3' }
    }
    const lockfile = {
      name: 'legacy-app',
      version: '1.0.0',
      lockfileVersion: 1,
      requires: true,
      dependencies: {
        debug: {
          version: '4.3.4',
          requires: { ms: '2.1.3' },
          dependencies: { 'supports-color': { version: '7.2.0', dev: true } }
        },
        ms: { version: '2.1.3' },
        tslib: { version: '2.8.1', dev: true },
        typescript: { version: '5.6.3', dev: true, requires: { tslib: '^2.8.1' } }
      }
    }
    writeFileSync(path.join(project, 'package.json'), JSON.stringify(manifest, null, 2))
    writeFileSync(path.join(project, 'package-lock.json'), JSON.stringify(lockfile, null, 2))
    const found = await packagesOf(
      tarFrom(work, pathsUnder(work, 'legacy-app'), 's,^legacy-app,app,')
    )
    const dev = (name: string) => found.get(`npm/${name}`)?.dev
    expect(['ms', 'debug', 'supports-color', 'typescript', 'tslib'].map(dev)).toEqual([
      false,
      false,
      true,
      true,
      true
    ])
  })
})

describe('metadata that cannot be read never fails a measurement', () => {
  it('counts a package with a truncated package.json under its folder name, without a version', async () => {
    const layer = await tarOf([
      ['app/node_modules/left-pad/package.json', Buffer.from('{"name": "left-pad", "vers')],
      ['app/node_modules/left-pad/index.js', Buffer.alloc(5000, 1)]
    ])
    const found = await packagesOf(layer)
    expect(found.get('npm/left-pad')).toMatchObject({ versions: ['unknown'] })
    expect(found.get('npm/left-pad')?.bytes).toBe(5000 + 26)
  })

  it('reads a status file with odd fields and stanzas for what it can', async () => {
    const status = [
      'Package: good',
      'Status: install ok installed',
      'Version: 1.0',
      ' continued line',
      'Weird',
      '',
      'Status: install ok installed',
      'Version: 2.0',
      '',
      'Package: removed',
      'Status: deinstall ok config-files',
      'Version: 3.0',
      '',
      'Package: no-version',
      'Status: install ok installed',
      ''
    ].join('\n')
    const found = await packagesOf(await tarOf([['var/lib/dpkg/status', Buffer.from(status)]]))
    expect([...found.keys()]).toEqual(['deb/good', 'deb/no-version'])
    expect(found.get('deb/no-version')?.versions).toEqual(['unknown'])
  })

  it('takes no package from binaries that only look like Go: no ELF, a misaligned or cut build info', async () => {
    const magic = Buffer.from('\xff Go buildinf:', 'latin1')
    const elfWithout = Buffer.alloc(300_000)
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]).copy(elfWithout)
    const misaligned = Buffer.concat([Buffer.alloc(300_003), magic, Buffer.alloc(100, 0xff)])
    const cut = Buffer.concat([Buffer.alloc(300_000), magic, Buffer.from([8, 2, 0xff])])
    const found = await packagesOf(
      await tarOf([
        ['bin/a', elfWithout],
        ['bin/b', misaligned],
        ['bin/c', cut],
        ['lib/x.jar', Buffer.from('PK\x03\x04garbage')]
      ])
    )
    expect([...found.keys()]).toEqual(['java/x'])
  })

  it('counts a package where its metadata file still is in the final image only', async () => {
    const lower = await tarOf([
      ['app/node_modules/gone/package.json', Buffer.from('{"name":"gone","version":"1.0.0"}')],
      ['app/node_modules/kept/package.json', Buffer.from('{"name":"kept","version":"1.0.0"}')]
    ])
    const upper = await tarOf([
      ['app/node_modules/.wh.gone', Buffer.alloc(0)],
      ['app/node_modules/kept/package.json', Buffer.from('{"name":"kept","version":"2.0.0"}')]
    ])
    const found = await packagesOf(lower, upper)
    expect([...found.keys()]).toEqual(['npm/kept'])
    expect(found.get('npm/kept')).toMatchObject({ versions: ['2.0.0'], layer: 1 })
  })

  it("passes over metadata beyond the image's budget: an npm package keeps its folder's name", async () => {
    const layer = await tarOf([
      [
        'var/lib/dpkg/status',
        Buffer.from('Package: a\nStatus: install ok installed\nVersion: 1\n')
      ],
      [
        'app/node_modules/left-pad/package.json',
        Buffer.from('{"name":"left-pad","version":"1.3.0"}')
      ]
    ])
    const analysis = await analyzeLayer([layer], { metadataBudget: new MetadataBudget(60) })
    const { packages } = analyzeFiles([analysis.entries], [analysis.packages])
    expect(packages.map(item => [item.ecosystem, item.name, item.versions])).toEqual([
      ['npm', 'left-pad', ['unknown']],
      ['deb', 'a', ['1']]
    ])
  })

  it('reads a jar of endless local headers in bounded time and memory', () => {
    const header = (name: string, flags: number, nameLength = name.length) => {
      const fixed = Buffer.alloc(30)
      fixed.writeUInt32LE(0x04034b50, 0)
      fixed.writeUInt16LE(flags, 6)
      fixed.writeUInt16LE(8, 8)
      fixed.writeUInt16LE(nameLength, 26)
      return Buffer.concat([fixed, Buffer.from(name)])
    }
    // 64 MB of headers that claim 64 KiB names, then of pom.properties of unknown size.
    const longName = header('', 0, 0xffff).subarray(0, 32)
    const longNames = Buffer.alloc(2_000_000 * longName.length, longName)
    const pom = header('META-INF/maven/g/a/pom.properties', 0x8)
    const poms = Buffer.alloc(200_000 * pom.length, pom)
    const scanner = new JarScanner()
    for (const data of [longNames, poms])
      for (let at = 0; at < data.length; at += 65_536) scanner.write(data.subarray(at, at + 65_536))
    const [outer] = scanner.result('lib/a-1.0.jar', longNames.length + poms.length)
    expect(outer).toMatchObject({ name: 'a', version: '1.0' })
  }, 30_000)
})

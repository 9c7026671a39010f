import { findStage, type InstructionInfo, type Stage, stageChain } from './model.js'
import {
  APT_INSTALL,
  devInstallLines,
  devNodeModulesCopy,
  fromFlag,
  imageName,
  instructions,
  LEAN_TAG,
  RECURSIVE_OWNER,
  sources
} from './shell.js'

type HintRule =
  | 'cache-in-image'
  | 'no-install-recommends'
  | 'copy-whole-context'
  | 'install-after-copy'
  | 'dev-dependencies'
  | 'build-tools'
  | 'full-base-image'
  | 'runs-as-root'
  | 'duplicated-by-chown'
  | 'wasted-bytes'

/**
 * One way to make the image smaller, tied to the Dockerfile line it is about.
 * Messages are sizegate's own words, never text from the Dockerfile.
 */
export interface Hint {
  rule: HintRule
  line: number | null
  /** Bytes it would save, where measured. */
  bytes: number | null
  message: string
}

/** Copies a later layer replaced or deleted, by the lines that wrote and hid them. */
export interface HiddenByLine {
  writerLine: number
  /** FROM for copies that came with the base image. */
  writerKeyword: string
  hiderLine: number
  bytes: number
}

/** What the image and its context showed; hints read nothing else. */
export interface HintFacts {
  /** The target and the stages it is built FROM: their instructions make the image. */
  chain: Stage[]
  /** Every stage of the Dockerfile, where COPY --from looks. */
  stages: Stage[]
  /** Cache folders found in the final image, with the line of the layer holding most of each. */
  caches: { path: string; bytes: number; line: number }[]
  hidden: HiddenByLine[]
  hasDockerignore: boolean
  /** Packages of the final image only development needs (npm), with the line of the layer holding most of each. */
  devPackages: { name: string; versions: string[]; bytes: number; line: number }[]
}

// Below this a hint is noise next to any real image.
const MIN_BYTES = 1_000_000

const CACHE_ADVICE: [RegExp, string][] = [
  [
    /^var\/lib\/apt/,
    'remove them in the same RUN (`rm -rf /var/lib/apt/lists/*`) or use `RUN --mount=type=cache,target=/var/lib/apt/lists`'
  ],
  [
    /^var\/cache\/apt/,
    'run `apt-get clean` in the same RUN, or use `RUN --mount=type=cache,target=/var/cache/apt`'
  ],
  [/^var\/cache\/apk/, 'use `apk add --no-cache`'],
  [
    /^root\/\.cache\/pip/,
    'use `pip install --no-cache-dir` or `RUN --mount=type=cache,target=/root/.cache/pip`'
  ],
  [
    /^root\/\.npm/,
    'use `RUN --mount=type=cache,target=/root/.npm`, or `npm cache clean --force` in the same RUN'
  ]
]

const BUILD_TOOLS =
  /\b(apt-get|apt|apk|yum|dnf)\b[^&;|]*\b(install|add)\b[^&;|]*\s(build-essential|build-base|gcc|g\+\+|make|cmake|[a-z0-9.+-]+-dev(el)?)(\s|$)/
const DEPENDENCY_INSTALL =
  /\b(npm (ci|install|i)|yarn( install)?|pnpm (install|i)|pip3? install\b[^&;|]*-r|poetry install|bundle install|go mod download|composer install)\b/
function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`
}

function copiesWholeContext(instruction: InstructionInfo): boolean {
  const fromContext =
    (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') &&
    !instruction.flags.includes('from')
  return fromContext && sources(instruction).some(source => source === '.' || source === './')
}

function dockerfileDevHints(facts: HintFacts): Hint[] {
  const hints: Hint[] = devInstallLines(facts.chain).map(line => ({
    rule: 'dev-dependencies' as const,
    line,
    bytes: null,
    message:
      'This install keeps dev dependencies in the final image: install with `--omit=dev` (yarn/pnpm: `--production`/`--prod`), run `npm prune --omit=dev` after the build, or build in an earlier stage and COPY --from only what runs.'
  }))
  for (const instruction of instructions(facts.chain)) {
    const copy = devNodeModulesCopy(instruction, facts.stages)
    if (copy)
      hints.push({
        rule: 'dev-dependencies',
        line: instruction.line,
        bytes: null,
        message: `This copies node_modules from the stage ${copy.from}, which installed dev dependencies: install with \`--omit=dev\` in a stage of its own (or \`npm prune --omit=dev\` there) and copy that.`
      })
  }
  return hints
}

type DevPackages = HintFacts['devPackages']

/** Dev packages by the line of the layer holding most of each. */
function devPackagesByLine(devPackages: DevPackages): Map<number, DevPackages> {
  const byLine = new Map<number, DevPackages>()
  for (const item of devPackages) byLine.set(item.line, [...(byLine.get(item.line) ?? []), item])
  return byLine
}

const bytesOf = (packages: DevPackages): number =>
  packages.reduce((sum, item) => sum + item.bytes, 0)

const DEV_NAMED = 5

/** The dev packages a line put in the image, largest first, as a sentence names them. */
function devPackageNames(packages: HintFacts['devPackages']): string {
  const named = [...packages]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, DEV_NAMED)
    // Names come from the image: no backtick may turn the rest of the message into code.
    .map(item => `${item.name} ${item.versions.join(', ')}`.replace(/`/g, "'"))
  const more = packages.length - named.length
  return `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`
}

/**
 * Dev dependencies in the final image, only where its package list holds some (a
 * project without devDependencies, or installed with NODE_ENV=production, has none
 * to drop): the install or copy the Dockerfile shows, with the packages its layer
 * holds that only development needs and their bytes (what `--omit=dev` drops); a
 * line holding such packages the Dockerfile does not explain gets a hint of its own.
 */
function devDependencyHints(facts: HintFacts): Hint[] {
  const byLine = devPackagesByLine(facts.devPackages)
  const hints = dockerfileDevHints(facts).flatMap(hint => {
    const packages = byLine.get(hint.line ?? 0) ?? []
    byLine.delete(hint.line ?? 0)
    const bytes = bytesOf(packages)
    if (bytes < MIN_BYTES) return []
    return [
      { ...hint, bytes, message: `${hint.message} Dropped that way: ${devPackageNames(packages)}.` }
    ]
  })
  for (const [line, packages] of byLine) {
    const bytes = bytesOf(packages)
    if (bytes < MIN_BYTES) continue
    hints.push({
      rule: 'dev-dependencies',
      line,
      bytes,
      message: `This layer holds packages only development needs (the lockfile marks them dev): ${devPackageNames(packages)}. Install with \`--omit=dev\`, or copy node_modules from a stage that did.`
    })
  }
  return hints
}

/** Lines whose layers hold at least MIN_BYTES of dev packages: what a dev-dependency fix can save. */
export function devPackageLines(devPackages: HintFacts['devPackages']): Set<number> {
  const byLine = [...devPackagesByLine(devPackages)]
  return new Set(
    byLine.filter(([, packages]) => bytesOf(packages) >= MIN_BYTES).map(([line]) => line)
  )
}

/** Caches the Dockerfile's own lines left; one the base image ships is the base's to drop. */
function cacheHints(facts: HintFacts): Hint[] {
  const baseLine = facts.chain[0]?.line
  return facts.caches
    .filter(cache => cache.bytes >= MIN_BYTES && cache.line !== baseLine)
    .map(cache => {
      const advice =
        CACHE_ADVICE.find(([pattern]) => pattern.test(cache.path))?.[1] ??
        `use \`RUN --mount=type=cache,target=/${cache.path}\` so it stays out of the image`
      return {
        rule: 'cache-in-image' as const,
        line: cache.line,
        bytes: cache.bytes,
        message: `/${cache.path} ships ${megabytes(cache.bytes)} of cache nothing needs at run time: ${advice}.`
      }
    })
}

/** Images whose full variant carries compilers and docs a slim one leaves out. */
const FULL_BASES: [RegExp, string][] = [
  [/^node$/, 'use the `-slim` variant (or `-alpine`, or distroless nodejs) for the final stage'],
  [/^python$/, 'use the `-slim` variant (or `-alpine`) for the final stage'],
  [/^ruby$/, 'use the `-slim` variant (or `-alpine`) for the final stage'],
  [
    /^(golang|rust)$/,
    'the final image carries the whole toolchain: build in a stage of its own and COPY the binary into `scratch` or `gcr.io/distroless/static`'
  ],
  [
    /^(openjdk|eclipse-temurin|amazoncorretto|maven|gradle)$/,
    'a JDK (and its build tool) runs nothing a JRE cannot: run on a JRE image such as `eclipse-temurin:21-jre`'
  ]
]
function baseImageHints(facts: HintFacts): Hint[] {
  const root = facts.chain[0]
  if (root?.base.kind !== 'image') return []
  const { name, tag } = imageName(root.base.ref)
  const advice = FULL_BASES.find(([pattern]) => pattern.test(name))?.[1]
  if (!advice || LEAN_TAG.test(tag)) return []
  return [
    {
      rule: 'full-base-image',
      line: root.line,
      bytes: null,
      message: `The final image starts from the full ${name} image: ${advice}.`
    }
  ]
}

function rootUserHints(facts: HintFacts): Hint[] {
  const root = facts.chain[0]
  if (root?.base.kind === 'image' && /nonroot/.test(root.base.ref)) return []
  const users = instructions(facts.chain).filter(instruction => instruction.keyword === 'USER')
  const last = users[users.length - 1]
  if (last && !/^(root|0)(:(root|0))?$/.test(last.text.trim())) return []
  const target = facts.chain[facts.chain.length - 1]
  return [
    {
      rule: 'runs-as-root',
      line: last?.line ?? target.line,
      bytes: null,
      message:
        'The image runs as root: add a `USER` with an unprivileged user (e.g. `USER node`, `USER 65532`) after the last step that needs root.'
    }
  ]
}

/** COPY . . before the install in a stage: any code change reruns the install. */
function installOrderHints(facts: HintFacts): Hint[] {
  const hints: Hint[] = []
  const used = new Set(facts.chain)
  for (const instruction of instructions(facts.chain)) {
    const from = fromFlag(instruction)
    const stage = from ? findStage(facts.stages, from) : undefined
    if (stage) for (const part of stageChain(facts.stages, stage)) used.add(part)
  }
  for (const stage of used) {
    const copy = stage.instructions.find(copiesWholeContext)
    if (!copy) continue
    const install = stage.instructions.find(
      instruction =>
        instruction.line > copy.line &&
        instruction.keyword === 'RUN' &&
        DEPENDENCY_INSTALL.test(instruction.text)
    )
    if (install)
      hints.push({
        rule: 'install-after-copy',
        line: copy.line,
        bytes: null,
        message: `This copies the whole context before the dependency install on line ${install.line}, so any code change reruns the install: copy the dependency manifests (package.json and its lock file, requirements.txt, go.mod…) first, install, then copy the rest.`
      })
  }
  return hints
}

function instructionHints(facts: HintFacts): Hint[] {
  const hints: Hint[] = []
  for (const instruction of instructions(facts.chain)) {
    if (copiesWholeContext(instruction) && !facts.hasDockerignore) {
      hints.push({
        rule: 'copy-whole-context',
        line: instruction.line,
        bytes: null,
        message: `This ${instruction.keyword} copies the whole build context and there is no .dockerignore: .git, node_modules and local files can land in the image.`
      })
    }
    if (instruction.keyword !== 'RUN') continue
    if (APT_INSTALL.test(instruction.text) && !instruction.text.includes('--no-install-recommends'))
      hints.push({
        rule: 'no-install-recommends',
        line: instruction.line,
        bytes: null,
        message:
          'apt-get installs recommended packages too: add `--no-install-recommends` to install only what you name.'
      })
    if (BUILD_TOOLS.test(instruction.text)) {
      hints.push({
        rule: 'build-tools',
        line: instruction.line,
        bytes: null,
        message:
          'Build tools are installed in the final image: install them in a builder stage and COPY --from only the output.'
      })
    }
  }
  return hints
}

/** Copies later layers hid: on the line that hid them and on the line that wrote them. */
function hiddenCopyHints(facts: HintFacts): Hint[] {
  const byLine = new Map(
    instructions(facts.chain).map(instruction => [instruction.line, instruction])
  )
  return facts.hidden
    .filter(pair => pair.bytes >= MIN_BYTES)
    .flatMap((pair): Hint[] => {
      const size = megabytes(pair.bytes)
      const hider = byLine.get(pair.hiderLine)
      if (hider?.keyword === 'RUN' && RECURSIVE_OWNER.test(hider.text)) {
        const how =
          pair.writerKeyword === 'COPY' || pair.writerKeyword === 'ADD'
            ? `set them as they land: \`${pair.writerKeyword} --chown=…\` (or \`--chmod=…\`) on line ${pair.writerLine}`
            : `change them in the RUN on line ${pair.writerLine} that writes them`
        return [
          {
            rule: 'duplicated-by-chown',
            line: pair.hiderLine,
            bytes: pair.bytes,
            message: `This changes owner or mode of ${size} that line ${pair.writerLine} wrote, which copies every file into a new layer: ${how}.`
          }
        ]
      }
      const fromBase = pair.writerKeyword === 'FROM'
      const hiding: Hint = {
        rule: 'wasted-bytes',
        line: pair.hiderLine,
        bytes: pair.bytes,
        message: fromBase
          ? `This deletes or replaces ${size} of files that came with the base image; the base's layers still ship the originals, so this adds bytes instead of saving them: only a base image without those files saves them.`
          : `This deletes or replaces ${size} that line ${pair.writerLine} wrote; they still ship in that line's layer: remove them in the same RUN that writes them, or make them in another stage.`
      }
      if (fromBase) return [hiding]
      return [
        hiding,
        {
          rule: 'wasted-bytes',
          line: pair.writerLine,
          bytes: pair.bytes,
          message: `${size} written here are deleted or replaced by line ${pair.hiderLine}, yet still ship: remove them in this same RUN, or make them in another stage.`
        }
      ]
    })
}

/** Hints for the target's image, largest measured saving first, then by line. */
export function findHints(facts: HintFacts): Hint[] {
  return [
    ...cacheHints(facts),
    ...hiddenCopyHints(facts),
    ...baseImageHints(facts),
    ...devDependencyHints(facts),
    ...installOrderHints(facts),
    ...instructionHints(facts),
    ...rootUserHints(facts)
  ].sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0))
}

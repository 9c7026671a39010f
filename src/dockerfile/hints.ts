import type { InstructionInfo, Stage } from './model.js'

/**
 * One way to make the image smaller, tied to the Dockerfile line it is about.
 * Messages are sizegate's own words, never text from the Dockerfile.
 */
export interface Hint {
  rule:
    'cache-in-image' | 'copy-whole-context' | 'dev-dependencies' | 'build-tools' | 'wasted-bytes'
  line: number | null
  /** Bytes it would save, where measured. */
  bytes: number | null
  message: string
}

/** What the image and its context showed; hints read nothing else. */
export interface HintFacts {
  /** The target and the stages it is built FROM: their instructions make the image. */
  chain: Stage[]
  /** Cache folders found in the final image, with the line of the layer holding most of each. */
  caches: { path: string; bytes: number; line: number }[]
  wastedBytes: number
  hasDockerignore: boolean
}

// Below this a hint is noise next to any real image.
const MIN_BYTES = 1_000_000

const CACHE_ADVICE: [RegExp, string][] = [
  [
    /^var\/(lib|cache)\/apt/,
    'remove it in the same RUN (`rm -rf /var/lib/apt/lists/*`) or use `RUN --mount=type=cache,target=/var/cache/apt`'
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

const DEV_INSTALL =
  /\b(npm (ci|install|i)|yarn( install)?|pnpm (install|i))\b(?![^&;|]*(--omit[= ]dev|--production|--prod\b|--only[= ]prod))/
const BUILD_TOOLS =
  /\b(apt-get|apt|apk|yum|dnf)\b[^&;|]*\b(install|add)\b[^&;|]*\s(build-essential|build-base|gcc|g\+\+|make|cmake|[a-z0-9.+-]+-dev(el)?)(\s|$)/

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`
}

function instructions(chain: Stage[]): InstructionInfo[] {
  return chain.flatMap(stage => stage.instructions)
}

function sources(instruction: InstructionInfo): string[] {
  const text = instruction.text.trim()
  if (text.startsWith('[')) {
    try {
      return (JSON.parse(text) as string[]).slice(0, -1)
    } catch {
      return []
    }
  }
  return text.split(/\s+/).slice(0, -1)
}

function cacheHints(facts: HintFacts): Hint[] {
  return facts.caches
    .filter(cache => cache.bytes >= MIN_BYTES)
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

function instructionHints(facts: HintFacts): Hint[] {
  const hints: Hint[] = []
  for (const instruction of instructions(facts.chain)) {
    const fromContext =
      (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') &&
      !instruction.flags.includes('from')
    if (
      fromContext &&
      !facts.hasDockerignore &&
      sources(instruction).some(source => source === '.' || source === './')
    ) {
      hints.push({
        rule: 'copy-whole-context',
        line: instruction.line,
        bytes: null,
        message: `This ${instruction.keyword} copies the whole build context and there is no .dockerignore: .git, node_modules and local files can land in the image.`
      })
    }
    if (instruction.keyword !== 'RUN') continue
    if (DEV_INSTALL.test(instruction.text)) {
      hints.push({
        rule: 'dev-dependencies',
        line: instruction.line,
        bytes: null,
        message:
          'This install keeps dev dependencies in the final image: install with `--omit=dev` (yarn/pnpm: `--production`/`--prod`) or build in an earlier stage and COPY --from only what runs.'
      })
    }
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

/** Hints for the target's image, largest measured saving first. */
export function findHints(facts: HintFacts): Hint[] {
  const hints = [...cacheHints(facts), ...instructionHints(facts)]
  if (facts.wastedBytes >= MIN_BYTES) {
    hints.push({
      rule: 'wasted-bytes',
      line: null,
      bytes: facts.wastedBytes,
      message: `${megabytes(facts.wastedBytes)} are files that one layer writes and a later layer replaces or deletes; every copy still ships. Write and clean up in the same RUN.`
    })
  }
  return hints.sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0))
}

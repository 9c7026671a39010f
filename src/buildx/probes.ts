import { type CommandResult, docker } from '../process/command.js'

// A builder that pulls its BuildKit image boots in seconds; an unreachable remote
// endpoint makes buildx wait for good.
const BOOTSTRAP_TIMEOUT_MS = 120_000

/** A docker command whose output we read, never a build: quiet, and killed past its time. */
export const probeDocker = (args: string[], timeoutMs = 30_000): Promise<CommandResult> =>
  docker(args, { timeoutMs })

/** Boots a builder (the current one without a name) and says what it is. */
export const inspectBooted = (name: string | undefined): Promise<CommandResult> =>
  probeDocker(['buildx', 'inspect', '--bootstrap', ...(name ? [name] : [])], BOOTSTRAP_TIMEOUT_MS)

/** What buildx says of itself and of the builder a build will use. */
export interface BuildxAnswers {
  version: CommandResult
  inspect: CommandResult
}

// Side by side: each takes a few tenths of a second, and booting fails harmlessly without buildx.
function askBuildx(builder: string | undefined): Promise<BuildxAnswers> {
  return Promise.all([probeDocker(['buildx', 'version']), inspectBooted(builder)]).then(
    ([version, inspect]) => ({ version, inspect })
  )
}

let early: { builder: string | undefined; answers: Promise<BuildxAnswers> } | undefined

/**
 * Asks buildx before the action's code has loaded: the entry starts it with the
 * builder input as given, and the first detection for that builder takes the
 * answers, so the probes and the loading overlap instead of following each other.
 */
export function askBuildxEarly(builder: string | undefined): void {
  early = { builder, answers: askBuildx(builder) }
}

/** The probes' answers for this builder: those asked early (taken once), or asked now. */
export function buildxAnswers(builder: string | undefined): Promise<BuildxAnswers> {
  const asked = early && early.builder === builder ? early.answers : undefined
  early = undefined
  return asked ?? askBuildx(builder)
}

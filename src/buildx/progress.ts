/** Steps of a build log: Dockerfile steps, and how many came from cache. */
export interface StepCounts {
  cachedSteps: number
  totalSteps: number
}

// BuildKit's `--progress=plain`: `#7 [builder 2/4] RUN …` or `#7 [2/4] RUN …`, a
// Dockerfile step, not an [internal] one, nor FROM, which resolves the base image
// and is never reported as cached.
const STEP_HEADER = /^#(\d+) \[(?:[^\]\s]+ )?\d+\/\d+\] (?!FROM )/
const STEP_CACHED = /^#(\d+) CACHED\s*$/
// The legacy builder: `Step 3/6 : RUN …`, then ` ---> Using cache` when it was cached.
const LEGACY_STEP = /^Step \d+\/\d+ : (FROM )?/i
const LEGACY_CACHED = /^ ---> Using cache\s*$/

function countBuildKitSteps(lines: string[]): StepCounts {
  const steps = new Set<string>()
  const cached = new Set<string>()
  for (const line of lines) {
    const header = STEP_HEADER.exec(line)
    if (header) steps.add(header[1])
    const hit = STEP_CACHED.exec(line)
    if (hit) cached.add(hit[1])
  }
  return { totalSteps: steps.size, cachedSteps: [...cached].filter(step => steps.has(step)).length }
}

function countLegacySteps(lines: string[]): StepCounts {
  let totalSteps = 0
  let cachedSteps = 0
  let inStep = false
  for (const line of lines) {
    const step = LEGACY_STEP.exec(line)
    if (step) {
      // FROM is never cached; it only names the base.
      inStep = !step[1]
      if (inStep) totalSteps++
    } else if (inStep && LEGACY_CACHED.test(line)) {
      cachedSteps++
      inStep = false
    }
  }
  return { totalSteps, cachedSteps }
}

export function countSteps(lines: string[]): StepCounts {
  const buildKit = countBuildKitSteps(lines)
  return buildKit.totalSteps > 0 ? buildKit : countLegacySteps(lines)
}

/** The lines that explain a failed build: its ERROR lines, else its last lines. */
export function failureLines(lines: string[], keep = 15): string[] {
  const errors = lines.filter(line => /\bERROR\b|^error:|failed to solve/i.test(line))
  const tail = lines.filter(line => line.trim() !== '').slice(-keep)
  return errors.length > 0 ? [...new Set([...errors.slice(-keep), ...tail.slice(-5)])] : tail
}

/** Steps of a `--progress=plain` log: Dockerfile steps, and how many came from cache. */
export interface StepCounts {
  cachedSteps: number
  totalSteps: number
}

// `#7 [builder 2/4] RUN …` or `#7 [2/4] RUN …`: a Dockerfile step, not an [internal]
// one, nor FROM, which resolves the base image and is never reported as cached.
const STEP_HEADER = /^#(\d+) \[(?:[^\]\s]+ )?\d+\/\d+\] (?!FROM )/
const STEP_CACHED = /^#(\d+) CACHED\s*$/

export function countSteps(lines: string[]): StepCounts {
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

/** The lines that explain a failed build: its ERROR lines, else its last lines. */
export function failureLines(lines: string[], keep = 15): string[] {
  const errors = lines.filter(line => /\bERROR\b|^error:|failed to solve/i.test(line))
  const tail = lines.filter(line => line.trim() !== '').slice(-keep)
  return errors.length > 0 ? [...new Set([...errors.slice(-keep), ...tail.slice(-5)])] : tail
}

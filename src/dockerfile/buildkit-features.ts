import type { Stage } from './model.js'

// Flags that only BuildKit's Dockerfile frontend knows; the legacy builder fails on them.
const BUILDKIT_FLAGS: Record<string, string[]> = {
  RUN: ['mount', 'network', 'security'],
  COPY: ['link', 'chmod', 'parents', 'exclude'],
  ADD: ['link', 'chmod', 'checksum', 'keep-git-dir', 'parents', 'exclude']
}
const HEREDOC = /<<-?["']?[A-Za-z_][A-Za-z0-9_]*["']?/

/** The first thing in a target's stages that needs BuildKit, as `RUN --mount on line 4`. */
export function buildKitFeature(chain: Stage[]): string | undefined {
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      const flag = instruction.flags.find(name =>
        BUILDKIT_FLAGS[instruction.keyword]?.includes(name)
      )
      if (flag) return `${instruction.keyword} --${flag} on line ${instruction.line}`
      if (['RUN', 'COPY', 'ADD'].includes(instruction.keyword) && HEREDOC.test(instruction.text))
        return `a heredoc on line ${instruction.line}`
    }
  }
  return undefined
}

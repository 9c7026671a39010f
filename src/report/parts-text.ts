import type { PartsChange } from './base-part.js'
import type { SizeMetric } from './compare.js'
import { formatBytes } from './format.js'
import { changeText } from './gate.js'
import type { SizeChange } from './size-change.js'

/** `a → b, +c` of one size, or `b, unchanged`. */
function sizeMove(size: SizeChange): string {
  if (size.delta === null || size.base === null || size.head === null) return ''
  if (size.delta === 0) return `${formatBytes(size.head)}, unchanged`
  return `${formatBytes(size.base)} → ${formatBytes(size.head)}, ${changeText(size.delta, size.percent)}`
}

/**
 * The base image's part and the own layers' in one line: a changed base said once
 * (`node:20-slim → node:20: +870 MB`), then what the Dockerfile adds. `name` shows
 * an image's name (code in markdown: a Dockerfile's text is the PR's).
 */
export function partsText(
  parts: PartsChange,
  metric: SizeMetric,
  name: (text: string) => string
): string {
  const { base: from, head: to } = parts.baseImage
  const named = (image: string | null) => name(image ?? 'unknown')
  const base = parts.base[metric]
  const unchanged = base.delta === 0 && from === to
  const baseText = unchanged
    ? `base image ${named(to)} unchanged (${formatBytes(base.head ?? 0)})`
    : `base image ${from === to ? named(to) : `${named(from)} → ${named(to)}`}: ${changeText(base.delta ?? 0, base.percent)}`
  return `${baseText}; own layers ${sizeMove(parts.own[metric])}`
}

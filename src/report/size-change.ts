/** One size on both sides of a comparison, and its change. */
export interface SizeChange {
  base: number | null
  head: number | null
  /** head - base; null unless both exist. */
  delta: number | null
  /** Relative change in percent; null unless both exist (and base > 0). */
  percent: number | null
}

export function sizeChange(base: number | null, head: number | null): SizeChange {
  const both = base !== null && head !== null
  return {
    base,
    head,
    delta: both ? head - base : null,
    percent: both && base > 0 ? ((head - base) / base) * 100 : both && head === base ? 0 : null
  }
}

import { closest, distance } from 'fastest-levenshtein'

/** The candidate a typo most likely meant, or undefined when none is close. */
export function didYouMean(word: string, candidates: string[]): string | undefined {
  if (candidates.length === 0) return undefined
  const best = closest(
    word.toLowerCase(),
    candidates.map(candidate => candidate.toLowerCase())
  )
  const limit = Math.max(2, Math.floor(word.length / 3))
  if (distance(word.toLowerCase(), best) > limit) return undefined
  return candidates.find(candidate => candidate.toLowerCase() === best)
}

import type { Hint } from '../dockerfile/hints.js'
import type { FileSummary } from '../image/files.js'

export const REPORT_SCHEMA = 1

/** One layer of the final image and the Dockerfile instruction that made it. */
export interface LayerReport {
  /** The layer's diff id (sha256 of its uncompressed tar). */
  digest: string
  /** Content bytes, as the engine counts a layer (docker history). */
  uncompressedBytes: number
  /** gzip bytes, as pushed (an estimate unless compressedExact). */
  compressedBytes: number
  /** The history entry's created_by, as the builder wrote it. */
  createdBy: string
  /** 1-based Dockerfile line; base-image layers carry the FROM line. */
  line: number
  stage: string
  instruction: string
}

/** The measured image of one target: the contract the cache stores and comments read. */
export interface ImageReport {
  schema: typeof REPORT_SCHEMA
  tool: { name: 'sizegate'; version: string }
  commit: string | null
  ref: string | null
  /** Dockerfile path relative to the workspace. */
  dockerfile: string
  target: string
  buildArgs: Record<string, string>
  platform: string
  imageId: string
  /** Registry manifest digest, when pushed. */
  digest: string | null
  /** Pull size: layers and config, compressed. */
  compressedBytes: number
  /** 'registry' when read from the pushed manifest, 'archive' when the layers came compressed, else a gzip estimate. */
  compressedSource: 'registry' | 'archive' | 'gzip-estimate'
  uncompressedBytes: number
  layers: LayerReport[]
  files: FileSummary
  wastedBytes: number
  efficiency: number
  hints: Hint[]
  build: {
    builder: 'buildx' | 'docker'
    ghaCache: boolean
    durationMs: number
    cachedSteps: number
    totalSteps: number
  }
  createdAt: string
}

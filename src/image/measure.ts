import type { Stage } from '../dockerfile/model.js'
import type { LayerReport } from '../report/types.js'
import { LayerEntries } from './layer.js'
import { createReadStream } from 'node:fs'
import {
  type ArchiveLayer,
  type ImageArchive,
  readImageArchives,
  saveAndReadImage
} from './archive.js'
import { attributeLayers, fullHistory, madeBy } from './attribute.js'
import { LAYERS } from './waste.js'
import { analyzeFiles, type FileAnalysis } from './files.js'
import type { ImageStore } from './engine.js'
import { EngineLoad } from './engine-load.js'
import { finalFiles, type ImageContents, type LayerFile, runtimeConfig } from './file-table.js'
import { type Evidence, npmDevFolders } from './packages/place.js'

export interface ImageMeasurement extends FileAnalysis {
  platform: string
  /** The engine's image id ('' when the archive does not say): see ImageStore. */
  imageId: string
  /** The engine's image store, for an image read from the engine. */
  imageStore?: ImageStore
  compressedBytes: number
  compressedSource: 'registry' | 'archive' | 'gzip-estimate'
  /** Pull size by the gzip estimate; null when the archive's blobs came compressed. */
  estimatedBytes: number | null
  uncompressedBytes: number
  layers: LayerReport[]
  /**
   * false when a Dockerfile was given that cannot have made the image (another
   * project's): its layers then carry no Dockerfile lines.
   */
  madeByDockerfile: boolean
  /** dive's: wasted bytes over the bytes of every layer but the first. */
  userWastedPercent: number
  /** What a program in the image sees, when asked for (a fix's image is compared by it). */
  contents?: ImageContents
}

/** How to measure: `contents` keeps every file's owner, mode and digest (see ImageContents). */
export interface MeasureOptions {
  contents?: boolean
}

function platformOf(archive: ImageArchive): string {
  const { os = 'linux', architecture = 'unknown', variant } = archive.config
  return [os, architecture, variant].filter(Boolean).join('/')
}

type LayerSizes = Pick<LayerReport, 'digest' | 'compressedBytes' | 'estimatedBytes'>

/** What a pull downloads: each distinct layer once (an image may list one twice), and the config. */
export function pullBytes(
  layers: LayerSizes[],
  configBytes: number,
  sizeOf: (layer: LayerSizes) => number = layer => layer.compressedBytes
): number {
  // A layer with no digest is its own.
  const distinct = new Map(layers.map((layer, index) => [layer.digest || index, sizeOf(layer)]))
  return [...distinct.values()].reduce((total, size) => total + size, configBytes)
}

/** The pull size by each layer's gzip estimate; null unless every layer has one. */
export function estimatedPullBytes(layers: LayerSizes[], configBytes: number): number | null {
  if (layers.some(layer => layer.estimatedBytes === null)) return null
  return pullBytes(layers, configBytes, layer => layer.estimatedBytes ?? 0)
}

/** Folders below this depth are one of their ancestors for the list of what a layer wrote. */
const FOLDER_DEPTH = 4
const FOLDERS_PER_LAYER = 12

/**
 * The folders a layer wrote most bytes into, down to FOLDER_DEPTH (`app`,
 * `app/dist`, `app/dist/assets`…), largest first: what a fix copies out of a build stage.
 */
function writtenFolders(entries: LayerEntries): string[] {
  const bytes = new Map<string, number>()
  // A tar lists a folder's files together: their bytes go to its ancestors once.
  let parent = ''
  let pending = 0
  const flush = () => {
    if (!parent) return
    for (let at = parent.indexOf('/'), depth = 1; depth <= FOLDER_DEPTH; depth++) {
      const folder = at === -1 ? parent : parent.slice(0, at)
      bytes.set(folder, (bytes.get(folder) ?? 0) + pending)
      if (at === -1) break
      at = parent.indexOf('/', at + 1)
    }
    pending = 0
  }
  for (let index = 0; index < entries.length; index++) {
    if (entries.kindAt(index) !== 'file') continue
    const path = entries.pathAt(index)
    const slash = path.lastIndexOf('/')
    if (slash <= 0) continue
    if (slash !== parent.length || !path.startsWith(parent)) {
      flush()
      parent = path.slice(0, slash)
    }
    pending += entries.bytesAt(index)
  }
  flush()
  return [...bytes]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, FOLDERS_PER_LAYER)
    .map(([folder]) => folder)
}

/**
 * Each layer's entries, handed over to the file analysis: the archive lets go of
 * them, so that a layer's list is freed once it is applied, not held to the end.
 */
function* handOver(archive: ImageArchive): Generator<LayerEntries> {
  for (const layer of archive.layers) {
    const { entries } = layer
    layer.entries = new LayerEntries()
    yield entries
  }
}

/**
 * The digest of a layer's blob as a registry stores it: an OCI layout names its
 * blobs by digest, and a blob that came compressed (or from a store that pushes
 * blobs as it keeps them) is what a push stores. An unpacked layer's is not.
 */
function pushedBlob(layer: ArchiveLayer, blobsAsPushed: boolean): string | null {
  const named = /^blobs\/([a-z0-9]+)\/([0-9a-f]{32,})$/.exec(layer.blob)
  return named && (layer.compressedExact || blobsAsPushed) ? `${named[1]}:${named[2]}` : null
}

/**
 * Sizes, layer origins and file summary of an image read from its archive. With
 * `blobsAsPushed` (the containerd store's `docker save`), each blob is what a push
 * stores, a plain tar too: that store pushes a layer as it holds it.
 */
export function measureArchive(
  archive: ImageArchive,
  chain: Stage[],
  blobsAsPushed = false
): ImageMeasurement {
  // Docker runs images of at most 127 layers; the waste count packs a layer's number in 12 bits.
  if (archive.layers.length > LAYERS)
    throw new Error(
      `the image has ${archive.layers.length} layers; sizegate reads images of at most ${LAYERS}`
    )
  const fullEntries = fullHistory(archive.config.history, archive.layers.length)
  const history = fullEntries.filter(entry => !entry.empty_layer)
  const madeByDockerfile = madeBy(fullEntries, chain)
  const origins = attributeLayers(fullEntries, madeByDockerfile ? chain : [])
  const diffIds = archive.config.rootfs?.diff_ids ?? []
  const layers = archive.layers.map((layer, index) => ({
    digest: diffIds[index] ?? '',
    blob: pushedBlob(layer, blobsAsPushed),
    folders: writtenFolders(layer.entries),
    uncompressedBytes: layer.contentBytes,
    compressedBytes:
      layer.compressedExact || !blobsAsPushed ? layer.compressedBytes : layer.tarBytes,
    estimatedBytes: layer.compressedExact ? null : layer.compressedBytes,
    createdBy: history[index].created_by ?? '',
    ...origins[index]
  }))
  // Downloads are counted by blob: a config's diff_ids may be missing or repeat.
  const blobs = layers.map((layer, index) => ({ ...layer, digest: archive.layers[index].blob }))
  const sum = (pick: (layer: LayerReport) => number): number =>
    layers.reduce((total, layer) => total + pick(layer), 0)
  const evidence = archive.layers.map(layer => layer.packages)
  const contents = contentsOf(archive)
  const files = analyzeFiles(handOver(archive), evidence)
  const userBytes = sum(layer => layer.uncompressedBytes) - (layers[0]?.uncompressedBytes ?? 0)
  return {
    platform: platformOf(archive),
    imageId: archive.configDigest,
    compressedBytes: pullBytes(blobs, archive.configBytes),
    compressedSource:
      blobsAsPushed || archive.layers.every(layer => layer.compressedExact)
        ? 'archive'
        : 'gzip-estimate',
    estimatedBytes: estimatedPullBytes(blobs, archive.configBytes),
    uncompressedBytes: sum(layer => layer.uncompressedBytes),
    layers,
    madeByDockerfile,
    ...files,
    userWastedPercent: userBytes > 0 ? files.wastedBytes / userBytes : 0,
    ...(contents && { contents })
  }
}

/** The archive's final files, config and dev package folders, where its layers kept their files. */
function contentsOf(archive: ImageArchive): ImageContents | undefined {
  const lists = archive.layers.map(layer => layer.files)
  if (lists.length === 0 || lists.some(list => list === undefined)) return undefined
  const files = finalFiles(lists as LayerFile[][])
  // Only what the final files still hold: a lockfile a later layer replaced says nothing.
  const devEvidence = archive.layers.flatMap((layer, index) =>
    layer.packages.filter(
      (item): item is Evidence<'npm-dev'> =>
        item.kind === 'npm-dev' && files.get(item.path)?.layer === index
    )
  )
  return {
    files,
    config: runtimeConfig(archive.config.config),
    devFolders: [...npmDevFolders(devEvidence)]
  }
}

/**
 * Measures an image of the local engine by streaming `docker save`, in this thread.
 * The containerd image store saves layers as stored (compressed: the pull size
 * exactly) and names the image by its manifest or index, not by its config.
 */
export async function measureImageHere(
  image: string,
  chain: Stage[],
  options: MeasureOptions = {}
): Promise<ImageMeasurement> {
  return measureSavedImage(
    await saveAndReadImage(image, undefined, { files: options.contents }),
    chain
  )
}

/** An archive the engine saved, measured with the id and store that engine knows it by. */
export function measureSavedImage(archive: ImageArchive, chain: Stage[]): ImageMeasurement {
  const imageStore = savedBy(archive)
  const measured = measureArchive(archive, chain, imageStore === 'containerd')
  const imageId =
    imageStore === 'containerd' ? (archive.indexDigest ?? measured.imageId) : measured.imageId
  return { ...measured, imageId, imageStore }
}

/**
 * The store that saved an archive: the classic store writes every layer as a plain
 * tar, the containerd store the blobs it keeps, compressed as pulled or built, or
 * plain where a layer came in plain (`docker load` of a classic store's archive).
 * One compressed blob tells it; an image held all plain there reads as classic.
 */
function savedBy(archive: ImageArchive): ImageStore {
  return archive.layers.some(layer => layer.compressedExact) ? 'containerd' : 'classic'
}

/**
 * Measures a builder's export as it is written to `file` (a FIFO: never stored),
 * in this thread: one measurement per platform of the archive. With `load`, the
 * same bytes go to `docker load` as they pass, and the image id is the engine's.
 */
export async function measureExportHere(
  file: string,
  chain: Stage[],
  load = false,
  options: MeasureOptions = {}
): Promise<ImageMeasurement[]> {
  const stream = createReadStream(file, { highWaterMark: 1 << 16 })
  const meter = { files: options.contents }
  if (!load)
    return (await readImageArchives(stream, meter)).map(archive => measureArchive(archive, chain))
  const loader = new EngineLoad()
  const archives = await readImageArchives(loader.feed(stream), meter).catch((error: unknown) => {
    loader.abort()
    throw error
  })
  const imageId = await loader.done()
  return archives.map(archive => {
    const measured = measureArchive(archive, chain)
    return { ...measured, imageId: imageId ?? measured.imageId }
  })
}

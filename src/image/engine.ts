import { docker } from '../process/command.js'

/**
 * Where the engine keeps images: the classic store (layers unpacked by a graph
 * driver; the image id is the config's digest) or the containerd image store
 * (content as pulled, compressed; the image id is the manifest's or index's digest).
 */
export type ImageStore = 'classic' | 'containerd'

interface EngineFacts {
  /** The server's version, e.g. `28.5.2`; undefined when the engine does not answer. */
  version?: string
  imageStore: ImageStore
}

/** A docker command whose output we read; '' when it fails. */
async function read(args: string[]): Promise<string> {
  const result = await docker(args, { timeoutMs: 30_000 })
  return result.ok ? result.stdout.trim() : ''
}

/** `docker info`'s driver status as the engine reports it with the containerd image store. */
export function storeOf(driverStatus: string): ImageStore {
  return driverStatus.includes('io.containerd.snapshotter') ? 'containerd' : 'classic'
}

/** The engine's version and image store, from one `docker info`. */
export async function engineFacts(): Promise<EngineFacts> {
  const info = await read(['info', '--format', '{{.ServerVersion}}\t{{json .DriverStatus}}'])
  const [version, driverStatus = ''] = info.split('\t')
  return { version: version || undefined, imageStore: storeOf(driverStatus) }
}

/** The engine's id of an image: what `docker run` and `docker image inspect` take. */
export async function engineImageId(reference: string): Promise<string | undefined> {
  return (await read(['image', 'inspect', '--format', '{{.Id}}', reference])) || undefined
}

/**
 * The one image `docker save` should write for a reference, as `docker run` reads it:
 * a name without a tag or digest means its `latest` tag (`docker save repo` would
 * write every tag of repo); an image id stays as it is.
 */
export function savedReference(reference: string): string {
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(reference) || reference.includes('@')) return reference
  const slash = reference.lastIndexOf('/')
  return reference.lastIndexOf(':') > slash ? reference : `${reference}:latest`
}

/** The ids of every image in the engine, intermediate ones too; undefined when it does not answer. */
export async function engineImageIds(): Promise<Set<string> | undefined> {
  const result = await docker(['images', '--all', '--quiet', '--no-trunc'], { timeoutMs: 30_000 })
  return result.ok ? new Set(result.stdout.split('\n').filter(Boolean)) : undefined
}

/**
 * Removes the images some builds left in the engine for sizegate alone (a fix's
 * proof, the base commit's build): those that were not there before (`before`) and
 * that no name points to, so the head's image, when a proof came out the same, and
 * anything the user named stay. A failure is no error: nothing is lost by it.
 */
export async function removeNewImages(ids: string[], before: Set<string>): Promise<void> {
  for (const id of new Set(ids)) {
    if (!id || before.has(id)) continue
    const tags = await read(['image', 'inspect', '--format', '{{len .RepoTags}}', id])
    if (tags === '0') await docker(['image', 'rm', id], { timeoutMs: 60_000 })
  }
}

/** A repository as a registry knows it: `node` → `docker.io/library/node`. */
export function registryRepository(reference: string): string {
  const name = reference.split('@')[0].replace(/:[^:/]+$/, '')
  const [first, ...rest] = name.split('/')
  if (rest.length === 0) return `docker.io/library/${name}`
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost'
  return isHost ? name : `docker.io/${name}`
}

/**
 * Whether the engine holds an image that its registry is not known to have: built or
 * imported here and never pushed or pulled under this name (no repo digest of its
 * repository; the same image pushed under another name does not count). A builder
 * that pulls its base images (docker-container, remote) cannot see such an image.
 */
export async function onlyInEngine(reference: string): Promise<boolean> {
  const digests = await read(['image', 'inspect', '--format', '{{json .RepoDigests}}', reference])
  if (!digests) return false
  const repository = registryRepository(reference)
  const known = (JSON.parse(digests) as string[] | null) ?? []
  return !known.some(digest => registryRepository(digest) === repository)
}

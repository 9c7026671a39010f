/** A file (or link) of the image's filesystem: its bytes and the layer that wrote it. */
export interface FileNode {
  kind: 'file'
  /** Content bytes as the engine counts them (a symlink: its target's length). */
  bytes: number
  /** The tar header's size: what dive counts (0 for links). */
  tarSize: number
  layer: number
}

export interface DirNode {
  kind: 'dir'
  children: Map<string, TreeNode>
}

export type TreeNode = FileNode | DirNode

/**
 * The filesystem as layers build it up, as a tree of folders, so that deleting a
 * folder of 60,000 files costs one detach instead of a scan of every path.
 */
export class FileTree {
  readonly root: DirNode = { kind: 'dir', children: new Map() }

  /** The node at `path`, or undefined. */
  get(path: string): TreeNode | undefined {
    let node: TreeNode = this.root
    if (path === '') return node
    for (const name of path.split('/')) {
      if (node.kind !== 'dir') return undefined
      const child = node.children.get(name)
      if (!child) return undefined
      node = child
    }
    return node
  }

  /** The folder at `path`, made (with its parents) where missing; a file in the way becomes a folder. */
  folder(path: string): DirNode {
    let node: DirNode = this.root
    if (path === '') return node
    for (const name of path.split('/')) {
      const child = node.children.get(name)
      if (child?.kind === 'dir') node = child
      else {
        const made: DirNode = { kind: 'dir', children: new Map() }
        node.children.set(name, made)
        node = made
      }
    }
    return node
  }

  /** Removes `path` and all under it. */
  remove(path: string): void {
    const slash = path.lastIndexOf('/')
    const parent = this.get(slash === -1 ? '' : path.slice(0, slash))
    if (parent?.kind === 'dir') parent.children.delete(path.slice(slash + 1))
  }

  /** Empties a folder of what lower layers put there (an opaque whiteout). */
  clear(path: string): void {
    const node = this.get(path)
    if (node?.kind === 'dir') node.children.clear()
  }
}

/** Every file under `node` with its path, depth first. */
export function* filesUnder(node: TreeNode, path = ''): Generator<[string, FileNode]> {
  // A stack of its own, not recursion: a layer may nest folders thousands deep.
  const stack: [string, TreeNode][] = [[path, node]]
  while (stack.length > 0) {
    const [at, current] = stack.pop() as [string, TreeNode]
    if (current.kind === 'file') {
      yield [at, current]
      continue
    }
    const children = [...current.children]
    for (let index = children.length - 1; index >= 0; index--) {
      const [name, child] = children[index]
      stack.push([at ? `${at}/${name}` : name, child])
    }
  }
}

/** Some bytes of the image, by the layer that wrote them: a folder's, a package's. */
export interface LayerBytes {
  bytes: number
  byLayer: Map<number, number>
}

export function addLayerBytes(to: LayerBytes, layer: number, bytes: number): void {
  to.bytes += bytes
  to.byLayer.set(layer, (to.byLayer.get(layer) ?? 0) + bytes)
}

export function addAllLayerBytes(to: LayerBytes, from: LayerBytes): void {
  for (const [layer, bytes] of from.byLayer) addLayerBytes(to, layer, bytes)
}

/** The layer holding most of some bytes, by layer (the upper one on a tie). */
export function largestLayer(byLayer: Map<number, number>): number {
  let best = 0
  let bestBytes = -1
  for (const [layer, bytes] of byLayer) {
    if (bytes > bestBytes || (bytes === bestBytes && layer > best))
      [best, bestBytes] = [layer, bytes]
  }
  return best
}

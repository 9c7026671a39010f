import { describe, expect, it } from '@jest/globals'
import { registryRepository, storeOf } from '../../../src/image/engine.js'

describe('the engine', () => {
  it('tells the image store by what docker info says of its driver', () => {
    expect(storeOf('[["driver-type","io.containerd.snapshotter.v1"]]')).toBe('containerd')
    expect(storeOf('[["Backing Filesystem","extfs"],["Supports d_type","true"]]')).toBe('classic')
    expect(storeOf('')).toBe('classic')
  })

  it('names a repository as its registry knows it, for repo digests under any name', () => {
    expect(registryRepository('debian:12-slim')).toBe('docker.io/library/debian')
    expect(registryRepository('debian@sha256:abc')).toBe('docker.io/library/debian')
    expect(registryRepository('nginxinc/nginx-unprivileged:1.27-alpine')).toBe(
      'docker.io/nginxinc/nginx-unprivileged'
    )
    expect(registryRepository('localhost:5000/library/debian@sha256:abc')).toBe(
      'localhost:5000/library/debian'
    )
    expect(registryRepository('gcr.io/distroless/cc-debian12:nonroot')).toBe(
      'gcr.io/distroless/cc-debian12'
    )
    expect(registryRepository('localhost/app')).toBe('localhost/app')
  })
})

import { describe, expect, it } from '@jest/globals'
import { atLeast, parseInspect, parseVersion, type Version } from '../../../src/buildx/versions.js'

describe('buildx inspect and versions', () => {
  it('reads driver, status and BuildKit of old and new buildx', () => {
    const old =
      'Name:   local\nDriver: remote\n\nNodes:\nName:      local0\nEndpoint:  unix:///run/b.sock\nStatus:    running\nBuildkit:  v0.11.6\nPlatforms: linux/amd64\n'
    expect(parseInspect(old)).toMatchObject({
      name: 'local',
      driver: 'remote',
      status: 'running',
      buildkit: 'v0.11.6'
    })
    const recent =
      'Name:          builder\nDriver:        docker-container\nNodes:\nStatus:        running\nBuildKit version: v0.20.1\n'
    expect(parseInspect(recent)).toMatchObject({ driver: 'docker-container', buildkit: 'v0.20.1' })
    const failed =
      'Name: sizegate\nDriver: docker-container\n#1 [internal] booting buildkit\n#1 ERROR: Error response from daemon: pull access denied\nStatus: inactive\n'
    expect(parseInspect(failed)).toMatchObject({
      status: 'inactive',
      error: 'Error response from daemon: pull access denied'
    })
  })

  it('compares the versions tools print', () => {
    expect(parseVersion('github.com/docker/buildx v0.10.5 86bdced')).toEqual({
      major: 0,
      minor: 10,
      patch: 5
    })
    expect(parseVersion('20.10.24+dfsg1')).toEqual({ major: 20, minor: 10, patch: 24 })
    expect(parseVersion('nothing')).toBeUndefined()
    const at = (text: string, min: string) => atLeast(parseVersion(text) as Version, min)
    expect([
      at('v0.21.0', '0.21.0'),
      at('v0.20.9', '0.21.0'),
      at('v1.0', '0.21.0'),
      at('0.9.30', '0.13.0')
    ]).toEqual([true, false, true, false])
  })
})

import { describe, expect, it } from '@jest/globals'
import { checkBuildArgs, looksSecret, redactBuildArgs } from '../../../src/dockerfile/buildargs.js'
import { parse } from '../../helpers/dockerfile.js'

describe('build args', () => {
  const model = parse('ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}\nARG NPM_TOKEN\nRUN npm ci\n')

  it('warns about args no ARG declares, but not predefined ones', () => {
    const check = checkBuildArgs(
      model,
      [
        { name: 'NODE_VERSION', value: '22' },
        { name: 'HTTP_PROXY', value: 'http://proxy' },
        { name: 'UNUSED', value: 'x' }
      ],
      'Dockerfile'
    )
    expect(check.warnings).toEqual([
      'build-args: UNUSED is not declared by any ARG in Dockerfile; the build ignores it'
    ])
    expect(check.secretNames).toEqual([])
  })

  it('flags secret-looking names and points to build secrets', () => {
    const check = checkBuildArgs(model, [{ name: 'NPM_TOKEN', value: 'abc' }], 'Dockerfile')
    expect(check.secretNames).toEqual(['NPM_TOKEN'])
    expect(check.warnings[0]).toContain(
      'NPM_TOKEN looks secret; build args are written into the image history'
    )
    expect(check.warnings[0]).toContain('--mount=type=secret')
  })

  it.each([
    ['NPM_TOKEN', true],
    ['DB_PASSWORD', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['SSH_PRIVATE_KEY', true],
    ['API_KEY', true],
    ['githubtoken', true],
    ['NODE_VERSION', false],
    ['KEYBOARD_LAYOUT', false],
    ['PASSENGER_VERSION', false]
  ])('looksSecret(%s) is %s', (name, secret) => {
    expect(looksSecret(name)).toBe(secret)
  })

  it('redacts secret values in reports', () => {
    expect(
      redactBuildArgs([
        { name: 'NODE_VERSION', value: '20' },
        { name: 'NPM_TOKEN', value: 'abc' }
      ])
    ).toEqual({
      NODE_VERSION: '20',
      NPM_TOKEN: '***'
    })
  })
})

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as path from 'node:path'
import { parseBuildConfig } from '../../src/action/inputs.js'
import { SettingError } from '../../src/errors.js'
import { Inputs } from '../../src/input-names.js'
import { localBuildRequest } from '../../src/request.js'

import { settingsWorkspace } from '../helpers/workspace.js'

const workspace = settingsWorkspace(beforeAll, afterAll)

const local = (settings: Partial<Parameters<typeof localBuildRequest>[0]>) =>
  localBuildRequest(
    { context: 'app', targets: [], buildArgs: [], verifyFixes: false, ...settings },
    { FROM_ENV: 'yes' },
    workspace.path
  )

describe("the CLI's request: the action's Dockerfile build, without what only CI has", () => {
  it("builds what the action's inputs build with the cache service, baseline and pushes off", () => {
    const inputs: Record<string, string> = {
      [Inputs.context]: 'app',
      [Inputs.file]: 'Dockerfile.prod',
      [Inputs.targets]: 'production',
      [Inputs.buildArgs]: 'VERSION=1.2, with commas=and "quotes"\nFROM_ENV',
      [Inputs.network]: 'host',
      [Inputs.cache]: 'none',
      [Inputs.cacheMode]: 'min',
      [Inputs.baseline]: 'none',
      [Inputs.verifyFixes]: 'true'
    }
    const action = parseBuildConfig(name => inputs[name] ?? '', { FROM_ENV: 'yes' }, workspace.path)
    const { source, build, publish } = local({
      file: 'Dockerfile.prod',
      targets: ['production'],
      buildArgs: ['VERSION=1.2, with commas=and "quotes"', 'FROM_ENV'],
      network: 'host',
      verifyFixes: true
    })
    expect(source).toBe('dockerfile')
    expect(build).toEqual({ ...action, id: undefined, builder: undefined, cacheScope: undefined })
    expect(publish).toMatchObject({ comment: 'never', commitStatus: false, token: '' })
  })

  it("takes the context's Dockerfile by default, as the action does", () => {
    expect(local({}).build).toMatchObject({
      context: path.join(workspace.path, 'app'),
      file: path.join(workspace.path, 'app', 'Dockerfile')
    })
  })

  it('names what is wrong by the setting, which the CLI says as its flag', () => {
    expect(() => local({ context: 'missing' })).toThrow(SettingError)
    expect(() => local({ file: 'nowhere/Dockerfile' })).toThrow(/is not a file/)
    expect(() => local({ buildArgs: ['1BAD=x'] })).toThrow(/--build-arg/)
  })
})

import { describe, expect, it } from '@jest/globals'
import { idPart } from '../../../src/report/identity.js'

describe('the id of one of several images', () => {
  it("is the user's id with the part where there are several, the id alone where one", () => {
    expect(idPart('api', true, 'production')).toBe('api/production')
    expect(idPart('api', false, 'production')).toBe('api')
    expect(idPart(undefined, true, 'production')).toBeUndefined()
  })
})

import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { apkPackages } from '../../../src/image/packages/apk.js'
import { debFiles, debPackages } from '../../../src/image/packages/deb.js'
import { GoBuildInfoScanner } from '../../../src/image/packages/go.js'
import { JarScanner } from '../../../src/image/packages/jar.js'
import { npmDevEvidence, npmPackage } from '../../../src/image/packages/npm.js'
import { pythonFiles, pythonPackage } from '../../../src/image/packages/python.js'

/**
 * The parsers of package metadata on arbitrary input: each answers (a package
 * without a version, or none) and never throws. The probe also guards each sink,
 * but a parser that threw would hide a package behind that guard.
 */
const text = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  // Lines that look like the formats, shuffled and cut.
  fc
    .array(
      fc.constantFrom(
        'Package: a',
        'Status: install ok installed',
        'Version: 1.0',
        'P:musl',
        'V:1.2',
        'F:lib',
        'R:x.so',
        'Name: numpy',
        '"a,b.py",sha256=x,12',
        '{"name": "x", "version": "1"}',
        '{"packages": {"node_modules/a": {"dev": true}}}',
        '',
        ' continued',
        '0123456789abcdef  usr/bin/x'
      ),
      { maxLength: 30 }
    )
    .map(lines => lines.join('\n'))
)

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  // ELF and zip starts, then anything.
  fc
    .uint8Array({ maxLength: 2048 })
    .map(rest => Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, ...rest])),
  fc.uint8Array({ maxLength: 2048 }).map(rest => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...rest]))
)

describe('package metadata parsers, fuzzed', () => {
  it('read any text without throwing', () => {
    fc.assert(
      fc.property(text, contents => {
        expect(npmPackage('app/node_modules/a/package.json', contents).name).toBeTruthy()
        npmDevEvidence('app/package.json', contents)
        expect(pythonPackage('x/a-1.0.dist-info/METADATA', contents).name).toBeTruthy()
        pythonFiles('x/a-1.0.dist-info/RECORD', contents)
        for (const item of debPackages(contents)) expect(item.name).toBeTruthy()
        debFiles('var/lib/dpkg/info/a.list', contents)
        for (const item of apkPackages(contents)) expect(item.name).toBeTruthy()
      }),
      { numRuns: 2000, seed: 11 }
    )
  })

  it('scan any bytes, in any chunks, without throwing', () => {
    fc.assert(
      fc.property(bytes, fc.integer({ min: 1, max: 300 }), (data, chunk) => {
        const go = new GoBuildInfoScanner()
        const jar = new JarScanner()
        const buffer = Buffer.from(data)
        for (let at = 0; at < buffer.length; at += chunk) {
          go.write(buffer.subarray(at, at + chunk))
          jar.write(buffer.subarray(at, at + chunk))
        }
        go.result()
        expect(jar.result('lib/a-1.0.jar', buffer.length)[0].name).toBeTruthy()
      }),
      { numRuns: 2000, seed: 12 }
    )
  })
})

// ts-jest in ESM mode; relative imports keep their .js suffix in source.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  // The demo and the CI leave reports and copies of the project in .tools/.
  modulePathIgnorePatterns: ['<rootDir>/.tools/', '<rootDir>/dist/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.tools/'],
  testTimeout: 120000,
  // Integration tests share one Docker engine and its image store.
  maxWorkers: 1
}

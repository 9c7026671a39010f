// ts-jest in ESM mode; relative imports keep their .js suffix in source.
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  // The demo and the CI leave reports and copies of the project in .tools/.
  modulePathIgnorePatterns: ['<rootDir>/.tools/', '<rootDir>/dist/'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.tools/']
}

export default {
  projects: [
    // Pure logic and local stand-ins (a cache service, a REST server, git): no Docker,
    // seconds. __tests__/unit/ mirrors src/.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    // Real builds on a Docker engine, real package managers, the packed CLI, the browser.
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts']
    }
  ],
  // A build may take minutes; a global option, which a project's config cannot set.
  testTimeout: 120000,
  // Integration tests share one Docker engine and its image store.
  maxWorkers: 1
}

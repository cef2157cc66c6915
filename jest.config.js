// Three layers: fast unit specs next to the code; integration tests that drive
// real processes (the Nx CLI in fixture workspaces, Python with the KFP SDK, the
// KFP emulator over loopback); and the install test (e2e/), which publishes the
// packed packages to a local npm registry and runs the README as a user does.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }];
// Tests import sibling packages from source, so they never run against a stale build.
const moduleNameMapper = { '^kfp-emulator$': '<rootDir>/packages/kfp-emulator/src/index.ts' };

/** @type {import('jest').Config} */
module.exports = {
  // Real processes (Python importing kfp, the Nx CLI) are slow on a loaded 2-CPU machine; a hang still fails.
  // (A global option: Jest ignores it inside a project.)
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/packages/*/src/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
      moduleNameMapper,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/packages/*/test/**/*.test.ts'],
      moduleNameMapper,
      slowTestThreshold: 60,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/e2e/**/*.test.ts'],
      slowTestThreshold: 300,
    },
  ],
};

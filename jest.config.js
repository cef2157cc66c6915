// Two layers: fast unit specs next to the code, and integration tests that drive
// real processes (the Nx CLI in fixture workspaces, Python with the KFP SDK, the
// KFP emulator over loopback).
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }];
// Tests import sibling packages from source, so they never run against a stale build.
const moduleNameMapper = { '^kfp-emulator$': '<rootDir>/packages/kfp-emulator/src/index.ts' };

/** @type {import('jest').Config} */
module.exports = {
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
  ],
  // Real processes (Python importing kfp, the Nx CLI) are slow on a loaded 2-CPU machine; a hang still fails.
  // A global option: Jest ignores testTimeout in a project's config (it left these tests at 5 s).
  testTimeout: 60_000,
};

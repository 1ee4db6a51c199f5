/** Test tiers (see docs/architecture.md): unit, integration, e2e. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }];

const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  roots: [`<rootDir>/tests/${name}`],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': tsJest },
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    project('unit'),
    // `testTimeout` is ignored inside projects; each tier sets its timeout in a setup file.
    project('integration', { setupFilesAfterEnv: ['<rootDir>/tests/support/setup/integration-timeout.ts'] }),
    project('e2e', { setupFilesAfterEnv: ['<rootDir>/tests/support/setup/e2e-timeout.ts'] }),
  ],
};

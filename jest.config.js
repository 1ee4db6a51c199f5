/** Test tiers (see ../shared/ARCHITECTURE.md): unit, integration, e2e. */
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
    project('integration', { testTimeout: 60_000, slowTestThreshold: 30 }),
    project('e2e', { testTimeout: 600_000 }),
  ],
};

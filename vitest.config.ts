import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'e2e/**/*.test.ts', 'bench/test/**/*.test.ts'],
    globalSetup: ['packages/server/test/support/global-setup.ts', 'e2e/support/global-setup.ts'],
    // The product's clock, set from JINGZHUN_TODAY when a run asks for a day (see .ci/run).
    // Password hashes at a test's cost (JINGZHUN_SCRYPT_LOG2N=14), not production's 2^17.
    setupFiles: ['packages/server/test/support/clock.setup.ts', 'packages/server/test/support/password.setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores here: two test files at a time keeps PGlite instances (0.5 GB each) in check.
    maxWorkers: 2,
  },
});

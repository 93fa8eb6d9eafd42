// The long fuzzing run (`npm run fuzz`): the property-based fuzzers of tests/unit with many cases and a fresh seed each run.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/fuzz-*.test.ts'],
    env: { RUNG_FUZZ: 'long' },
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

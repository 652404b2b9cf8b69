import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances and real servers are heavy on a 2-core machine.
    maxWorkers: 2,
    // Resolve graphql inside @graphql-inspector/core as our own code does (ESM build), so
    // schemas built here are not "from another realm" to it.
    server: { deps: { inline: ['@graphql-inspector/core'] } },
  },
});

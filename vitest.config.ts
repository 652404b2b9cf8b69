import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // Node loads graphql's CommonJS build (as @apollo/* do); vite would pick its ESM build for our
  // sources, and schemas crossing the two fail graphql's "another module or realm" check.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
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

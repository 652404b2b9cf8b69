import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** Suites that start the whole stack as processes and kill them: each runs alone, after the rest, so restarts are not timed against a busy machine. */
const MULTI_PROCESS = ['test/chaos.e2e.test.ts', 'test/checkoutCrash.e2e.test.ts'];

export default defineConfig({
  // Node loads graphql's CommonJS build (as @apollo/* do); vite would pick its ESM build for our
  // sources, and schemas crossing the two fail graphql's "another module or realm" check.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    exclude: ['**/node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances and real servers are heavy on a 2-core machine.
    maxWorkers: 2,
    // Resolve graphql inside @graphql-inspector/core as our own code does (ESM build), so
    // schemas built here are not "from another realm" to it.
    server: { deps: { inline: ['@graphql-inspector/core'] } },
    projects: [
      { extends: true, test: { name: 'tests', include: ['**/*.test.ts'], exclude: ['**/node_modules/**', 'dist/**', ...MULTI_PROCESS] } },
      { extends: true, test: { name: 'multi-process', include: MULTI_PROCESS, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});

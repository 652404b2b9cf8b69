import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // One copy of graphql, as under Node: vite would pick graphql's ESM build for our sources
  // while CommonJS and native-ESM packages (@apollo/*, graphql-ws) load its CommonJS build.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances and real servers are heavy on a 2-core machine.
    maxWorkers: 2,
  },
});

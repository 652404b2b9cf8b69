import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../../lib/paths.js';

/** Where the built GraphiQL lives (git-ignored): index.html, app.js, app.css. */
export const GRAPHIQL_DIR = fromRoot('.data', 'graphiql');

/** True when the built assets are there. */
export const graphiqlBuilt = (): boolean => existsSync(path.join(GRAPHIQL_DIR, 'app.js'));

/**
 * Bundles gateway/graphiql/app.ts with esbuild into GRAPHIQL_DIR: no CDN at run time. Needs the
 * dev dependencies (graphiql, react, esbuild); `npm install` runs it (the `prepare` script).
 */
export async function buildGraphiql(): Promise<void> {
  const { build } = await import('esbuild');
  mkdirSync(GRAPHIQL_DIR, { recursive: true });
  await build({
    entryPoints: { app: fromRoot('gateway', 'graphiql', 'app.ts') },
    bundle: true, minify: true, format: 'iife', platform: 'browser', target: 'es2020',
    outdir: GRAPHIQL_DIR, loader: { '.ttf': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.svg': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning',
  });
  copyFileSync(fromRoot('gateway', 'graphiql', 'index.html'), path.join(GRAPHIQL_DIR, 'index.html'));
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root (the folder holding package.json), found from this file so that the
 * same code reads `schema/` and migrations whether it runs from source (tsx) or `dist/`.
 */
export const projectRoot: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
})();

/** A path under the project root. */
export const fromRoot = (...segments: string[]): string => path.join(projectRoot, ...segments);

import { readFileSync } from 'node:fs';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { fromRoot } from './paths.js';

describe('generated resolver types', () => {
  it('match schema/*.graphql (run `npm run codegen` when this fails)', async () => {
    const { config } = await loadCodegenConfig({ configFilePath: fromRoot('codegen.yml') });
    const outputs = await generate({ ...config, cwd: fromRoot(), silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      expect(readFileSync(fromRoot(output.filename), 'utf8'), `${output.filename} is stale`).toBe(output.content);
    }
  }, 60_000);
});

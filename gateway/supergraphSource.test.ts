import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logging/index.js';
import { schemaHash } from '../lib/schema/index.js';
import { createFileSupergraphSource, type SupergraphSource } from './supergraphSource.js';
import { committedSupergraph, supergraphWithoutBrand } from '../test/helpers/supergraphs.js';

const committed = committedSupergraph();
const withoutBrand = supergraphWithoutBrand();

const logger = createLogger({ level: 'silent', service: 'test' });
const until = async (condition: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('createFileSupergraphSource', () => {
  let dir: string;
  let file: string;
  let applied: string[];
  let source: SupergraphSource;
  let cleanup: (() => Promise<void>) | undefined;

  const start = async (options: { watch?: boolean } = {}) => {
    source = createFileSupergraphSource({ path: file, logger, debounceMs: 20, ...options });
    const result = await source.initialize({
      update: (sdl) => {
        // What @apollo/gateway does with a bad file: throw from update.
        if (sdl.includes('REJECT')) throw new Error('rejected by the gateway');
        applied.push(sdl);
      },
      healthCheck: async () => {},
      getDataSource: () => { throw new Error('not used'); },
    });
    cleanup = result.cleanup;
    return result;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'supergraph-'));
    file = path.join(dir, 'supergraph.graphql');
    writeFileSync(file, withoutBrand);
    applied = [];
  });
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the file and reports its hash', async () => {
    const result = await start({ watch: false });
    expect(result.supergraphSdl).toBe(withoutBrand);
    expect(source.schemaHash).toBe(schemaHash(withoutBrand));
    expect(source.stats).toEqual({ loaded: 1, refused: 0 });
  });

  it('applies a changed file when the file is replaced', async () => {
    await start();
    writeFileSync(`${file}.tmp`, committed);
    renameSync(`${file}.tmp`, file);
    await until(() => source.schemaHash === schemaHash(committed));
    expect(applied).toEqual([committed]);
    expect(source.stats).toEqual({ loaded: 2, refused: 0 });
  });

  it('ignores other files in the folder and refuses a bad file once per change', async () => {
    await start();
    writeFileSync(file, 'type Query { broken: String');
    await until(() => source.stats.refused === 1);
    for (let i = 0; i < 5; i += 1) {
      writeFileSync(path.join(dir, 'gateway.log'), `line ${i}\n`);
      await new Promise((r) => setTimeout(r, 30));
    }
    writeFileSync(file, 'type Query { broken: String'); // touched, same content
    await new Promise((r) => setTimeout(r, 100));
    expect(source.stats).toEqual({ loaded: 1, refused: 1 });
    expect(source.schemaHash).toBe(schemaHash(withoutBrand));
    // An explicit reload (SIGHUP) tries again.
    expect((await source.reload()).status).toBe('refused');
    expect(source.stats.refused).toBe(2);
  });

  it('reloads on SIGHUP', async () => {
    await start({ watch: false });
    writeFileSync(file, committed);
    process.emit('SIGHUP', 'SIGHUP');
    await until(() => source.schemaHash === schemaHash(committed));
    expect(applied).toEqual([committed]);
  });

  it('reports an unchanged file without updating the gateway', async () => {
    await start({ watch: false });
    expect(await source.reload()).toEqual({ status: 'unchanged', hash: schemaHash(withoutBrand) });
    expect(applied).toEqual([]);
  });

  it('refuses a file that is not a supergraph and keeps the schema in use', async () => {
    await start({ watch: false });
    writeFileSync(file, 'type Query { broken: String');
    const result = await source.reload();
    expect(result.status).toBe('refused');
    expect(applied).toEqual([]);
    expect(source.schemaHash).toBe(schemaHash(withoutBrand));
    expect(source.stats).toEqual({ loaded: 1, refused: 1 });
  });

  it('refuses a file the gateway rejects, and a missing file', async () => {
    await start({ watch: false });
    writeFileSync(file, committed + '\n# REJECT\n');
    expect((await source.reload()).status).toBe('refused');
    rmSync(file);
    expect((await source.reload()).status).toBe('refused');
    expect(source.schemaHash).toBe(schemaHash(withoutBrand));
    expect(source.stats.refused).toBe(2);
  });

  it('stops listening for SIGHUP after cleanup', async () => {
    const before = process.listenerCount('SIGHUP');
    await start({ watch: false });
    expect(process.listenerCount('SIGHUP')).toBe(before + 1);
    await cleanup!();
    cleanup = undefined;
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnapshotFile, writeSnapshotFile } from './snapshotFile.js';

describe('snapshot files', () => {
  const dir = mkdtemp(path.join(tmpdir(), 'snapshot-file-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  const readAll = async (file: string, accept = true) => {
    const documents: unknown[] = [];
    const read = await readSnapshotFile<{ text: string }, unknown>(file, { header: () => accept, document: (d) => documents.push(d) });
    return { read, documents };
  };

  it('reads back a header of several megabytes and documents whose lines cross the read chunks', async () => {
    const file = path.join(await dir, 'big.json');
    const header = { text: 'x'.repeat(3_500_000) };
    const documents = Array.from({ length: 5000 }, (_, i) => ({ id: `p-${i}`, name: `Ünïcode ${'y'.repeat(i % 700)}` }));
    await writeSnapshotFile(file, header, documents);
    const { read, documents: back } = await readAll(file);
    expect(read?.header.text.length).toBe(3_500_000);
    expect(read?.documents).toBe(5000);
    expect(back).toEqual(documents);
  });

  it('answers null, not an error, for a missing file, a torn line, or a refused header', async () => {
    const file = path.join(await dir, 'torn.json');
    expect((await readAll(path.join(await dir, 'missing.json'))).read).toBeNull();
    await writeFile(file, '{"text":"t"}\n{"id":"p-1"}\n{"id":"p-');
    expect((await readAll(file)).read).toBeNull();
    await writeFile(file, '{"text":"t"}\n{"id":"p-1"}\n');
    expect((await readAll(file)).read).toEqual({ header: { text: 't' }, documents: 1 });
    const refused = await readAll(file, false);
    expect(refused.read).toBeNull();
    expect(refused.documents).toEqual([]);
  });
});

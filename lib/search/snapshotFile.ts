import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * The embedded index's snapshot as JSON lines: a header (format, settings, the text index), then
 * one document per line. Written and read as a stream: one JSON string of a million products
 * is over V8's 512 MB limit on a string.
 */
export async function writeSnapshotFile(file: string, header: object, documents: Iterable<object>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  try {
    await write(`${JSON.stringify(header)}\n`);
    let lines: string[] = [];
    for (const document of documents) {
      lines.push(JSON.stringify(document));
      if (lines.length === 1000) {
        await write(`${lines.join('\n')}\n`);
        lines = [];
      }
    }
    if (lines.length > 0) await write(`${lines.join('\n')}\n`);
    out.end();
    await once(out, 'finish');
  } catch (error) {
    out.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
  // rename is atomic: a crash leaves the old snapshot or the new one, never half of one.
  await rename(tmp, file);
}

/** The header and documents {@link writeSnapshotFile} wrote; null when there is no file or it cannot be read. */
export async function readSnapshotFile<H, D>(file: string, accept: (header: H) => boolean): Promise<{ header: H; documents: D[] } | null> {
  const input = createReadStream(file, 'utf8');
  const failed = once(input, 'error').then(() => null);
  const read = (async () => {
    let header: H | undefined;
    const documents: D[] = [];
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (line === '') continue;
      if (header === undefined) {
        header = JSON.parse(line) as H;
        // Another format or other settings: the caller reindexes.
        if (!accept(header)) return null;
      } else documents.push(JSON.parse(line) as D);
    }
    return header === undefined ? null : { header, documents };
  })();
  try {
    return await Promise.race([read, failed]);
  } catch {
    return null; // a torn or foreign file: reindex
  } finally {
    input.destroy();
  }
}

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';

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

/** What {@link readSnapshotFile} hands the parts of a snapshot to, as it reads them. */
export interface SnapshotReader<H, D> {
  /** The header, first. False: another format or other settings (reading stops; the caller reindexes). */
  header(header: H): boolean;
  /** Each document, in the order written. */
  document(document: D): void;
}

/**
 * Reads a snapshot {@link writeSnapshotFile} wrote, handing each document over as it is parsed
 * (a million parsed documents held at once made a restore slower than a rebuild: its
 * collections). Returns the header and the number of documents read; null when there is no
 * file, it cannot be read (a torn or foreign file), or the header was refused.
 */
export async function readSnapshotFile<H, D>(file: string, reader: SnapshotReader<H, D>): Promise<{ header: H; documents: number } | null> {
  let header: H | undefined;
  let documents = 0;
  /** False: stop reading. */
  const take = (line: string): boolean => {
    if (line === '') return true;
    if (header !== undefined) {
      reader.document(JSON.parse(line) as D);
      documents++;
      return true;
    }
    header = JSON.parse(line) as H;
    return reader.header(header);
  };
  try {
    // Lines split by hand, on bytes (a newline byte is never part of another UTF-8 character), each
    // decoded once: a line (the header holds the text index) may span many chunks.
    let pending: Buffer[] = [];
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(10); end >= 0; end = chunk.indexOf(10, start)) {
        const line = pending.length === 0 ? chunk.toString('utf8', start, end) : Buffer.concat([...pending, chunk.subarray(start, end)]).toString('utf8');
        pending = [];
        if (!take(line)) return null;
        start = end + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (pending.length > 0 && !take(Buffer.concat(pending).toString('utf8'))) return null;
    return header === undefined ? null : { header, documents };
  } catch {
    return null;
  }
}

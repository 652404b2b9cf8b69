import DataLoader from 'dataloader';

type BatchQuery<R> = (keys: readonly string[]) => Promise<R[]>;

async function grouped<R>(load: BatchQuery<R>, keyOf: (row: R) => string, keys: readonly string[]): Promise<R[][]> {
  const byKey = new Map<string, R[]>();
  for (const row of await load(keys)) {
    const key = keyOf(row);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}

/**
 * A DataLoader over one batched query whose rows come back in any order: each key gets the
 * rows whose `keyOf` equals it. One SQL statement per batch, whatever the number of keys.
 */
export const manyLoader = <R>(load: BatchQuery<R>, keyOf: (row: R) => string) =>
  new DataLoader<string, R[]>((keys) => grouped(load, keyOf, keys));

/** Like {@link manyLoader} for unique keys: each key gets its row, or undefined. */
export const oneLoader = <R>(load: BatchQuery<R>, keyOf: (row: R) => string) =>
  new DataLoader<string, R | undefined>(async (keys) => (await grouped(load, keyOf, keys)).map((rows) => rows[0]));

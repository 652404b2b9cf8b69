import { afterEach, describe, expect, it } from 'vitest';
import { DB_KINDS, openTestDb } from '../../test/helpers/testDb.js';
import type { Db } from './Db.js';

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe.each(DB_KINDS)('Db.listen on %s', (kind) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
  });

  it('delivers committed notifications on its channel until unlistened', async () => {
    db = await openTestDb(kind);
    const got: string[] = [];
    const unlisten = await db.listen!('cs_test_channel', (payload) => void got.push(payload));
    await db.query("SELECT pg_notify('cs_test_channel', 'one'), pg_notify('other_channel', 'x')");
    await expect(db.transaction(async (tx) => {
      await tx.query("SELECT pg_notify('cs_test_channel', 'rolled back')");
      throw new Error('abort');
    })).rejects.toThrow('abort');
    await db.transaction((tx) => tx.query("SELECT pg_notify('cs_test_channel', 'two')"));
    await until(() => got.length === 2);
    expect(got).toEqual(['one', 'two']);
    await unlisten();
    await db.query("SELECT pg_notify('cs_test_channel', 'three')");
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(['one', 'two']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { compareEntryIds, type EventLog } from './EventLog.js';

/** The behaviour every {@link EventLog} adapter shares; `open` gives a fresh, empty log. */
export function describeEventLogContract(name: string, open: () => Promise<{ log: EventLog; close(): Promise<void> }>) {
  describe(`EventLog contract: ${name}`, () => {
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await close?.();
      close = undefined;
    });
    const setup = async () => {
      const opened = await open();
      close = opened.close;
      return opened.log;
    };
    const append = (log: EventLog, stream: string, ...ids: string[]) => log.append(ids.map((id) => ({ stream, fields: { id, event: `{"n":"${id}"}` } })));

    it('appends in order with increasing ids, and ranges after an id (exclusive)', async () => {
      const log = await setup();
      const ids = await append(log, 's1', 'a', 'b', 'c');
      expect([...ids].sort(compareEntryIds)).toEqual(ids);
      expect((await log.range('s1', '0', 10)).map((e) => e.fields.id)).toEqual(['a', 'b', 'c']);
      expect((await log.range('s1', ids[0]!, 10)).map((e) => e.fields.id)).toEqual(['b', 'c']);
      expect((await log.range('s1', ids[0]!, 1)).map((e) => e.id)).toEqual([ids[1]]);
      expect(await log.range('missing', '0', 10)).toEqual([]);
    });

    it('appends a large batch over several streams in order', async () => {
      const log = await setup();
      const entries = Array.from({ length: 4500 }, (_, i) => ({ stream: i % 3 === 0 ? 'big-a' : 'big-b', fields: { id: `e${i}`, event: 'x'.repeat(i % 50) } }));
      const ids = await log.append(entries);
      expect(ids).toHaveLength(4500);
      const a = await log.range('big-a', '0', 10_000);
      expect(a.map((e) => e.fields.id)).toEqual(entries.filter((_, i) => i % 3 === 0).map((e) => e.fields.id));
      expect(a.map((e) => e.id)).toEqual(ids.filter((_, i) => i % 3 === 0));
      expect((await log.range('big-b', '0', 10_000)).at(-1)!.fields).toEqual(entries[4499]!.fields);
    });

    it('keeps the fields and order of entries whose field names change within a batch', async () => {
      const log = await setup();
      const entries: { stream: string; fields: Record<string, string> }[] = [
        { stream: 'm', fields: { id: 'a', data: '1' } },
        { stream: 'm', fields: { id: 'b', data: '2' } },
        { stream: 'm', fields: { reason: 'bad', data: '3' } },
        { stream: 'm', fields: { data: '4', id: 'd' } },
        { stream: 'm', fields: { id: 'e', data: '5', extra: 'x' } },
        { stream: 'm', fields: { id: 'f', data: '6' } },
      ];
      await log.append(entries);
      expect((await log.range('m', '0', 10)).map((e) => e.fields)).toEqual(entries.map((e) => e.fields));
    });

    it('gives each entry to one consumer of a group, and every entry to each group', async () => {
      const log = await setup();
      await log.createGroup('s1', 'g1', '$');
      await log.createGroup('s1', 'g1', '$'); // idempotent
      await log.createGroup('s1', 'g2', '$');
      await append(log, 's1', 'a', 'b', 'c');
      const first = await log.readGroup('g1', 'c1', ['s1'], { count: 2, blockMs: 0 });
      const second = await log.readGroup('g1', 'c2', ['s1'], { count: 10, blockMs: 0 });
      expect(first.map((e) => e.fields.id)).toEqual(['a', 'b']);
      expect(second.map((e) => e.fields.id)).toEqual(['c']);
      expect(first.every((e) => e.deliveries === 1 && e.stream === 's1')).toBe(true);
      expect(await log.readGroup('g1', 'c1', ['s1'], { count: 10, blockMs: 0 })).toEqual([]);
      expect((await log.readGroup('g2', 'c1', ['s1'], { count: 10, blockMs: 0 })).map((e) => e.fields.id)).toEqual(['a', 'b', 'c']);
    });

    it('starts a group at "$" after existing entries, at "0" before all of them', async () => {
      const log = await setup();
      await append(log, 's1', 'old');
      await log.createGroup('s1', 'late', '$');
      await log.createGroup('s1', 'all', '0');
      await append(log, 's1', 'new');
      expect((await log.readGroup('late', 'c', ['s1'], { count: 10, blockMs: 0 })).map((e) => e.fields.id)).toEqual(['new']);
      expect((await log.readGroup('all', 'c', ['s1'], { count: 10, blockMs: 0 })).map((e) => e.fields.id)).toEqual(['old', 'new']);
    });

    it('follows streams without a group: entries after each cursor, waiting up to blockMs, from the newest id on', async () => {
      const log = await setup();
      expect(await log.lastId('f1')).toBe('0-0');
      const [old] = await append(log, 'f1', 'old');
      expect(await log.lastId('f1')).toBe(old);
      const cursors = [{ stream: 'f1', after: old! }, { stream: 'f2', after: '0-0' }];
      expect(await log.read(cursors, { count: 10, blockMs: 0, reader: 'r' })).toEqual([]);
      const waiting = log.read(cursors, { count: 10, blockMs: 3000, reader: 'r' });
      await new Promise((r) => setTimeout(r, 50));
      await append(log, 'f2', 'x');
      expect((await waiting).map((e) => [e.stream, e.fields.id])).toEqual([['f2', 'x']]);
      await append(log, 'f1', 'a', 'b');
      expect((await log.read(cursors, { count: 10, blockMs: 0, reader: 'r' })).map((e) => e.fields.id).sort()).toEqual(['a', 'b', 'x']);
      expect((await log.read([{ stream: 'f1', after: old! }], { count: 1, blockMs: 0, reader: 'r' })).map((e) => e.fields.id)).toEqual(['a']);
    });

    it('reads several streams at once and waits for new entries up to blockMs', async () => {
      const log = await setup();
      await log.createGroup('s1', 'g', '$');
      await log.createGroup('s2', 'g', '$');
      const started = Date.now();
      // Woken by the append, long before blockMs: the margin is wide, so a machine stalled for
      // seconds by other suites (CI runs the multi-process ones beside this) still tells the two apart.
      const waiting = log.readGroup('g', 'c', ['s1', 's2'], { count: 10, blockMs: 20_000 });
      setTimeout(() => void append(log, 's2', 'x'), 100);
      const got = await waiting;
      expect(got.map((e) => [e.stream, e.fields.id])).toEqual([['s2', 'x']]);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(await log.readGroup('g', 'c', ['s1', 's2'], { count: 10, blockMs: 50 })).toEqual([]);
    });

    it('lets another consumer claim entries left pending longer than minIdleMs, counting deliveries', async () => {
      const log = await setup();
      await log.createGroup('s1', 'g', '$');
      await append(log, 's1', 'a', 'b', 'c');
      const read = await log.readGroup('g', 'dead', ['s1'], { count: 10, blockMs: 0 });
      await log.ack('s1', 'g', [read[1]!.id]); // b was done before the consumer died
      expect(await log.claimIdle('s1', 'g', 'alive', { minIdleMs: 60_000, count: 10 })).toEqual([]);
      await new Promise((r) => setTimeout(r, 120));
      const claimed = await log.claimIdle('s1', 'g', 'alive', { minIdleMs: 100, count: 10 });
      expect(claimed.map((e) => [e.fields.id, e.deliveries])).toEqual([['a', 2], ['c', 2]]);
      await log.ack('s1', 'g', claimed.map((e) => e.id));
      await new Promise((r) => setTimeout(r, 120));
      expect(await log.claimIdle('s1', 'g', 'alive', { minIdleMs: 100, count: 10 })).toEqual([]);
    });

    it('refuses reads once closed, so a reader backs off rather than spinning', async () => {
      const log = await setup();
      await log.createGroup('s1', 'g', '0');
      await append(log, 's1', 'a');
      await log.close();
      await expect(log.readGroup('g', 'c', ['s1'], { count: 1, blockMs: 10 })).rejects.toThrow(/closed/);
      await expect(log.read([{ stream: 's1', after: '0' }], { count: 1, blockMs: 10, reader: 'r' })).rejects.toThrow(/closed/);
    });

    it('remembers keys for their ttl', async () => {
      const log = await setup();
      await log.remember(['k1', 'k2'], 60_000);
      await log.remember(['short'], 50);
      expect(await log.seen(['k1', 'nope', 'k2'])).toEqual([true, false, true]);
      await new Promise((r) => setTimeout(r, 120));
      expect(await log.seen(['short', 'k1'])).toEqual([false, true]);
      expect(await log.seen([])).toEqual([]);
    });
  });
}

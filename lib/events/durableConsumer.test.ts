import { afterEach, describe, expect, it } from 'vitest';
import { samplePriceChanged, waitFor } from '../../test/helpers/events.js';
import { deleteKeys, randomPrefix, testRedisClusterUrl, testRedisUrl } from '../../test/helpers/redis.js';
import type { AnyEvent } from './CloudEvent.js';
import { replayEvents, startDurableConsumer, type DurableConsumer } from './durableConsumer.js';
import type { EventLog } from './EventLog.js';
import { createInProcessEventLog } from './inProcessEventLog.js';
import { createRedisEventLog } from './redisEventLog.js';
import { DEAD_LETTER_STREAM, streamOf } from './streams.js';
import { eventEntry } from './streamEntry.js';

const PRICE = 'commerce.pricing.price_changed.v1' as const;
const STREAM = streamOf(PRICE);

const clusterUrl = await testRedisClusterUrl();
const onRedis = (url: string) => {
  const keyPrefix = randomPrefix();
  const log = createRedisEventLog({ url, keyPrefix });
  return { log, close: async () => { await log.close(); await deleteKeys(url, keyPrefix); } };
};
const ADAPTERS: [string, () => { log: EventLog; close(): Promise<void> }][] = [
  ['in-process', () => {
    const log = createInProcessEventLog();
    return { log, close: () => log.close() };
  }],
  ['Redis', () => onRedis(testRedisUrl())],
  ['a Redis Cluster', () => onRedis(clusterUrl)],
];

const appendEvents = (log: EventLog, events: readonly AnyEvent[]) =>
  log.append(events.map((e) => eventEntry(e)));

describe.each(ADAPTERS)('startDurableConsumer on %s', (_, open) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });
  const setup = () => {
    const opened = open();
    cleanup.push(opened.close);
    return opened.log;
  };
  const start = async (options: Parameters<typeof startDurableConsumer>[0]): Promise<DurableConsumer> => {
    const consumer = await startDurableConsumer({ blockMs: 50, ...options });
    cleanup.push(() => consumer.stop());
    return consumer;
  };

  // A log closed before its consumer stopped (a test's teardown out of order, a shutdown) once had
  // the in-process log answer every read at once with nothing: the consumer's loop ran on promises
  // alone and no timer fired again, which hung a test file until CI's limit.
  it('leaves timers running when its log closes under it, and still stops', async () => {
    const log = setup();
    const consumer = await start({ log, group: 'g', consumer: 'c1', types: [PRICE], handle: () => {} });
    await log.close();
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => ++ticks === 5 && (clearInterval(timer), resolve()), 10);
    });
    expect(ticks).toBe(5);
    await consumer.stop();
  });

  it('handles every event once, in order, and acknowledges it', async () => {
    const log = setup();
    const handled: string[] = [];
    await start({ log, group: 'g', consumer: 'c1', types: [PRICE], handle: (e) => void handled.push(e.id) });
    const events = Array.from({ length: 20 }, (_, i) => samplePriceChanged(`p-${i + 1}`));
    await appendEvents(log, events);
    await waitFor(() => handled.length === 20, 5000, '20 events');
    expect(handled).toEqual(events.map((e) => e.id));
    await new Promise((r) => setTimeout(r, 60));
    expect(await log.claimIdle(STREAM, 'g', 'probe', { minIdleMs: 0, count: 100 })).toEqual([]); // nothing left pending
  });

  it('applies an event id once even when the stream holds it twice (a relay re-published it)', async () => {
    const log = setup();
    const handled: string[] = [];
    await start({ log, group: 'g', consumer: 'c1', types: [PRICE], handle: (e) => void handled.push(e.id) });
    const [a, b] = [samplePriceChanged('p-1'), samplePriceChanged('p-2')];
    await appendEvents(log, [a, b, a]);
    await appendEvents(log, [b]);
    await waitFor(() => handled.length >= 2, 5000, 'two events');
    await new Promise((r) => setTimeout(r, 200));
    expect(handled).toEqual([a.id, b.id]);
  });

  it('retries a failing event and dead-letters it with the reason after maxAttempts', async () => {
    const log = setup();
    const attempts: number[] = [];
    const ok: string[] = [];
    const poison = samplePriceChanged('p-13');
    await start({
      log, group: 'g', consumer: 'c1', types: [PRICE], maxAttempts: 3, claimIdleMs: 40,
      handle: (e, meta) => {
        if (e.id !== poison.id) return void ok.push(e.id);
        attempts.push(meta.deliveries);
        throw new Error('cannot index p-13');
      },
    });
    const fine = samplePriceChanged('p-1');
    await appendEvents(log, [poison, fine]);
    await waitFor(async () => (await log.range(DEAD_LETTER_STREAM, '0', 10)).length === 1, 5000, 'a dead letter');
    const [letter] = await log.range(DEAD_LETTER_STREAM, '0', 10);
    expect(letter!.fields).toMatchObject({ group: 'g', stream: STREAM, reason: expect.stringMatching(/failed 3 times.*cannot index p-13/) });
    expect(JSON.parse(letter!.fields.data!).id).toBe(poison.id);
    expect(attempts).toEqual([1, 2, 3]);
    expect(ok).toEqual([fine.id]);
    await new Promise((r) => setTimeout(r, 150));
    expect(attempts).toHaveLength(3); // acknowledged: never retried again
  });

  it('hands the new events of a read to handleBatch at once, and retries the whole batch when it throws', async () => {
    const log = setup();
    const batches: { ids: string[]; deliveries: number[] }[] = [];
    const [a, b] = [samplePriceChanged('p-1'), samplePriceChanged('p-2')];
    await appendEvents(log, [a, b, a]); // before the consumer reads: one read, the duplicate dropped
    await start({
      log, group: 'g', consumer: 'c1', types: [PRICE], startFrom: '0', claimIdleMs: 40,
      handleBatch: (events) => {
        batches.push({ ids: events.map((e) => e.event.id), deliveries: events.map((e) => e.meta.deliveries) });
        if (batches.length === 1) throw new Error('store down');
      },
    });
    await waitFor(() => batches.length === 2, 5000, 'the retried batch');
    expect(batches).toEqual([{ ids: [a.id, b.id], deliveries: [1, 1] }, { ids: [a.id, b.id], deliveries: [2, 2] }]);
    await waitFor(async () => (await log.claimIdle(STREAM, 'g', 'probe', { minIdleMs: 0, count: 100 })).length === 0, 5000, 'nothing pending');
    expect(batches).toHaveLength(2);
  });

  it('with dedupe off, hands a redelivered event over again (for a handler idempotent on its own), keeping nothing in the log', async () => {
    const log = setup();
    const handled: string[] = [];
    await start({ log, group: 'g', consumer: 'c1', types: [PRICE], dedupe: false, handle: (e) => void handled.push(e.id) });
    const a = samplePriceChanged('p-1');
    await appendEvents(log, [a]);
    await waitFor(() => handled.length === 1, 5000, 'the event');
    await appendEvents(log, [a]);
    await waitFor(() => handled.length === 2, 5000, 'the redelivery');
    expect(handled).toEqual([a.id, a.id]);
    expect(await log.seen([`g:${a.id}`])).toEqual([false]);
  });

  it('with readAhead, handles reads one at a time and in order while the next is read', async () => {
    const log = setup();
    const handled: string[] = [];
    let inFlight = 0;
    let overlapped = false;
    await start({
      log, group: 'g', consumer: 'c1', types: [PRICE], readAhead: true, batchSize: 5,
      handleBatch: async (events) => {
        overlapped ||= inFlight++ > 0;
        await new Promise((r) => setTimeout(r, 5));
        handled.push(...events.map((e) => e.event.id));
        inFlight--;
      },
    });
    const events = Array.from({ length: 30 }, (_, i) => samplePriceChanged(`p-${i + 1}`));
    await appendEvents(log, events);
    await waitFor(() => handled.length === 30, 5000, '30 events');
    expect(handled).toEqual(events.map((e) => e.id));
    expect(overlapped).toBe(false);
  });

  it('with readAhead, goes on after reads and handling failed (Redis away), taking up what was left pending', async () => {
    const log = setup();
    let failReads = 0;
    const readGroup = log.readGroup.bind(log);
    // The log fails the next reads while "Redis is away"; the handler fails once meanwhile.
    log.readGroup = async (...args) => {
      if (failReads > 0) {
        failReads--;
        throw new Error('Reached the max retries per request limit');
      }
      return readGroup(...args);
    };
    const handled = new Set<string>();
    let failHandle = true;
    await start({
      log, group: 'g', consumer: 'c1', types: [PRICE], readAhead: true, batchSize: 5, claimIdleMs: 100,
      handleBatch: async (events) => {
        if (failHandle) {
          failHandle = false;
          failReads = 3; // the read already ahead, and the next two
          throw new Error('store unavailable');
        }
        for (const e of events) handled.add(e.event.id);
      },
    });
    const events = Array.from({ length: 30 }, (_, i) => samplePriceChanged(`p-${i + 1}`));
    await appendEvents(log, events);
    await waitFor(() => handled.size === 30, 5000, 'all 30 events after the outage');
  });

  it('dead-letters an invalid event at once and goes on', async () => {
    const log = setup();
    const handled: string[] = [];
    await start({ log, group: 'g', consumer: 'c1', types: [PRICE], handle: (e) => void handled.push(e.id) });
    await log.append([{ stream: STREAM, fields: { id: 'x', data: '{"specversion":"1.0"}' } }, { stream: STREAM, fields: { id: 'y', data: 'not json' } }]);
    const good = samplePriceChanged();
    await appendEvents(log, [good]);
    await waitFor(() => handled.length === 1, 5000, 'the valid event');
    const letters = await log.range(DEAD_LETTER_STREAM, '0', 10);
    expect(letters.map((l) => l.fields.reason)).toEqual([expect.stringMatching(/^invalid event: id/), 'invalid event: event is not JSON']);
  });

  it("takes over a dead consumer's pending events (XAUTOCLAIM)", async () => {
    const log = setup();
    const events = Array.from({ length: 5 }, (_, i) => samplePriceChanged(`p-${i + 1}`));
    await log.createGroup(STREAM, 'g', '$');
    await appendEvents(log, events);
    // A consumer that read the events and died before acknowledging them:
    expect(await log.readGroup('g', 'dead', [STREAM], { count: 10, blockMs: 0 })).toHaveLength(5);
    const handled: { id: string; deliveries: number }[] = [];
    await start({ log, group: 'g', consumer: 'heir', types: [PRICE], claimIdleMs: 100, handle: (e, m) => void handled.push({ id: e.id, deliveries: m.deliveries }) });
    await waitFor(() => handled.length === 5, 5000, 'the claimed events');
    expect(handled).toEqual(events.map((e) => ({ id: e.id, deliveries: 2 })));
  });

  it('splits the work between two consumers of a group and gives each group everything', async () => {
    const log = setup();
    const byConsumer: Record<string, string[]> = { a: [], b: [], other: [] };
    const handle = (name: string) => (e: AnyEvent) => void byConsumer[name]!.push(e.id);
    await start({ log, group: 'g', consumer: 'a', types: [PRICE], handle: handle('a'), batchSize: 5 });
    await start({ log, group: 'g', consumer: 'b', types: [PRICE], handle: handle('b'), batchSize: 5 });
    await start({ log, group: 'g2', consumer: 'a', types: [PRICE], handle: handle('other') });
    const events = Array.from({ length: 60 }, (_, i) => samplePriceChanged(`p-${i + 1}`));
    for (let i = 0; i < 60; i += 10) await appendEvents(log, events.slice(i, i + 10));
    await waitFor(() => byConsumer.a!.length + byConsumer.b!.length === 60 && byConsumer.other!.length === 60, 5000, 'all events');
    expect([...byConsumer.a!, ...byConsumer.b!].sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('replays from a stream entry id or a CloudEvent id, inclusive', async () => {
    const log = setup();
    const events = Array.from({ length: 6 }, (_, i) => samplePriceChanged(`p-${i + 1}`));
    const ids = await appendEvents(log, events);
    const replayed: string[] = [];
    const fromEntry = await replayEvents({ log, type: PRICE, from: ids[2]!, batchSize: 2, handle: (e) => void replayed.push(e.id) });
    expect(replayed).toEqual(events.slice(2).map((e) => e.id));
    expect(fromEntry).toEqual({ count: 4, lastId: ids[5] });
    replayed.length = 0;
    await replayEvents({ log, type: PRICE, from: events[4]!.id, batchSize: 2, handle: (e) => void replayed.push(e.id) });
    expect(replayed).toEqual(events.slice(4).map((e) => e.id));
    await expect(replayEvents({ log, type: PRICE, from: 'no-such-event', handle: () => {} })).rejects.toThrow(/not in/);
  });
});

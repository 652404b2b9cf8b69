import type { AnyEvent, EventType } from './CloudEvent.js';
import type { EventLog, LogEntry } from './EventLog.js';
import { deadLetterEntry, entryEventId, entryJson, readEntry } from './streamEntry.js';
import { streamOf } from './streams.js';

/** Where an event came from, for handlers that keep their own position. */
export interface DeliveryMeta {
  /** Stream entry id: pass it to {@link replayEvents} to resume. */
  readonly streamId: string;
  /** 1 on first delivery; more when retried or taken over from a dead consumer. */
  readonly deliveries: number;
}

/** Options for {@link startDurableConsumer}. */
export interface DurableConsumerOptions {
  readonly log: EventLog;
  /** Consumer group: each group gets every event once; consumers in a group share the work. */
  readonly group: string;
  /** This consumer's name within the group, unique per process (e.g. `indexer-<hostname>-<pid>`). */
  readonly consumer: string;
  readonly types: readonly EventType[];
  /**
   * Applies one event. Resolve to acknowledge it; throw to have it retried after `claimIdleMs`,
   * up to `maxAttempts` deliveries, then it goes to the dead-letter stream with the error message.
   * Called one event at a time, in stream order per type (a retried event comes after those
   * that followed it); never twice for one event id once it resolved (within `dedupeTtlMs`),
   * unless the process dies between `handle` resolving and the id being stored.
   */
  handle?(event: AnyEvent, meta: DeliveryMeta): void | Promise<void>;
  /**
   * Instead of `handle`: applies every new event of one read at once (in stream order per type,
   * up to `batchSize` per type), e.g. in one multi-row INSERT. Resolve to acknowledge them all;
   * throw to have each retried as if `handle` had thrown for it.
   */
  handleBatch?(events: readonly { readonly event: AnyEvent; readonly meta: DeliveryMeta }[]): void | Promise<void>;
  /** Deliveries before an event is dead-lettered. @default 5 */
  readonly maxAttempts?: number;
  /** Where a group created now starts: `'$'` new events only, `'0'` every retained event, or an entry id. @default '$' */
  readonly startFrom?: string;
  /** Most entries per read. @default 100 */
  readonly batchSize?: number;
  /** Longest blocking read, in ms (also bounds how long `stop()` waits). @default 500 */
  readonly blockMs?: number;
  /** An entry pending this long (failed, or its consumer died) is retried by whichever consumer claims it (XAUTOCLAIM). @default 10_000 */
  readonly claimIdleMs?: number;
  /** How long handled event ids are remembered for deduplication. @default 24 h */
  readonly dedupeTtlMs?: number;
  /**
   * Whether an event id handled already is skipped (ids kept in the log for `dedupeTtlMs`, and in
   * memory). Turn off when the handler is idempotent by event id on its own (the event store's
   * INSERT … ON CONFLICT DO NOTHING): every entry is handed over, and two round trips to the log
   * per read are saved. @default true
   */
  readonly dedupe?: boolean;
  /**
   * Reads the next entries while the last ones are handled (handling stays one read at a time,
   * in order): for a consumer whose handler waits on a store, so the log's round trip overlaps
   * it. Entries read ahead when it stops stay pending, retried after `claimIdleMs`. @default false
   */
  readonly readAhead?: boolean;
  /** Told about failed handler calls and lost connections; the consumer keeps going. */
  readonly onError?: (error: Error, context: { readonly streamId?: string; readonly eventId?: string }) => void;
}

/** A running consumer. */
export interface DurableConsumer {
  /** Stops reading and waits for the event in hand; unacknowledged entries stay pending for others to claim. */
  stop(): Promise<void>;
}

/** Event ids one consumer keeps in memory to survive a Redis outage between handle and ack. */
const MAX_LOCAL_HANDLED = 100_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Consumes change events from their streams in a consumer group with at-least-once delivery
 * made effectively-once by event id: XREADGROUP, XACK after `handle` resolves, XAUTOCLAIM of
 * entries left pending by failures or dead consumers, a dead-letter stream (`events:dead-letter`,
 * fields `reason`, `group`, `stream`, `entryId`, `data`) after `maxAttempts`, and events validated
 * before handling (an invalid one is dead-lettered at once). The search indexer and the gateway's
 * cache invalidation use it.
 */
export async function startDurableConsumer(options: DurableConsumerOptions): Promise<DurableConsumer> {
  const { log, group, consumer } = options;
  if (!options.handle === !options.handleBatch) throw new Error('startDurableConsumer needs one of handle and handleBatch');
  const maxAttempts = options.maxAttempts ?? 5;
  const batchSize = options.batchSize ?? 100;
  const blockMs = options.blockMs ?? 500;
  const claimIdleMs = options.claimIdleMs ?? 10_000;
  const dedupeTtlMs = options.dedupeTtlMs ?? 24 * 3600_000;
  const dedupe = options.dedupe ?? true;
  const onError = options.onError ?? (() => {});
  const streams = options.types.map(streamOf);
  const createGroups = (from: string) => Promise.all(streams.map((s) => log.createGroup(s, group, from)));
  await createGroups(options.startFrom ?? '$');

  const deadLetter = (entry: LogEntry, reason: string) =>
    log.append([deadLetterEntry(reason, { group, stream: entry.stream, entryId: entry.id }, entryJson(entry.fields) ?? '')]);

  // Ids this process has handled, whether or not remembering and acknowledging them reached
  // Redis: when Redis fails between `handle` and the ack, the redelivered entry is skipped here
  // instead of being applied twice. Bounded; the Redis record covers other processes and restarts.
  const handled = new Set<string>();
  const markHandled = (id: string) => {
    handled.add(id);
    if (handled.size > MAX_LOCAL_HANDLED) handled.delete(handled.values().next().value!);
  };

  const process = async (entries: readonly LogEntry[]) => {
    if (entries.length === 0) return;
    const parsed = entries.map((entry) => readEntry(entry.fields));
    const key = (id: string) => `${group}:${id}`;
    const seen = dedupe ? await log.seen(parsed.map((p) => (p.ok ? key(p.event.id) : ''))) : [];
    const acks = new Map<string, string[]>();
    const ack = (entry: LogEntry) => {
      const ids = acks.get(entry.stream);
      if (ids) ids.push(entry.id);
      else acks.set(entry.stream, [entry.id]);
    };
    const ready: { entry: LogEntry; event: AnyEvent }[] = [];
    const inRead = new Set<string>();
    for (const [i, entry] of entries.entries()) {
      const validation = parsed[i]!;
      if (!validation.ok) {
        await deadLetter(entry, `invalid event: ${validation.reason}`);
        ack(entry);
        continue;
      }
      const { event } = validation;
      if (dedupe && (seen[i] || handled.has(event.id) || inRead.has(event.id))) {
        ack(entry); // a duplicate (the relay re-published after a crash): applied already
        continue;
      }
      if (entry.deliveries > maxAttempts) {
        await deadLetter(entry, `not acknowledged after ${maxAttempts} deliveries`);
        ack(entry);
        continue;
      }
      inRead.add(event.id);
      ready.push({ entry, event });
    }
    const failed = async ({ entry, event }: { entry: LogEntry; event: AnyEvent }, error: Error) => {
      onError(error, { streamId: entry.id, eventId: event.id });
      if (entry.deliveries >= maxAttempts) {
        await deadLetter(entry, `failed ${entry.deliveries} times, last: ${error.message}`);
        ack(entry);
      } // else it stays pending: retried once idle for claimIdleMs
    };
    const meta = (entry: LogEntry): DeliveryMeta => ({ streamId: entry.id, deliveries: entry.deliveries });
    const succeeded: { entry: LogEntry; event: AnyEvent }[] = [];
    if (options.handleBatch) {
      try {
        if (ready.length > 0) await options.handleBatch(ready.map(({ entry, event }) => ({ event, meta: meta(entry) })));
        succeeded.push(...ready);
      } catch (error) {
        for (const one of ready) await failed(one, error as Error);
      }
    } else {
      for (const one of ready) {
        try {
          await options.handle!(one.event, meta(one.entry));
          succeeded.push(one);
        } catch (error) {
          await failed(one, error as Error);
        }
      }
    }
    if (dedupe && succeeded.length > 0) {
      for (const { event } of succeeded) markHandled(event.id);
      await log.remember(succeeded.map(({ event }) => key(event.id)), dedupeTtlMs);
    }
    for (const { entry } of succeeded) ack(entry);
    await Promise.all([...acks].map(([stream, ids]) => log.ack(stream, group, ids)));
  };

  let stopped = false;
  let nextClaim = 0;
  const claimEveryMs = Math.max(20, Math.floor(claimIdleMs / 2));
  const read = () => log.readGroup(group, consumer, streams, { count: batchSize, blockMs: Math.min(blockMs, claimEveryMs) });
  let ahead: Promise<LogEntry[]> | undefined;
  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        if (Date.now() >= nextClaim) {
          nextClaim = Date.now() + claimEveryMs;
          for (const stream of streams) {
            await process(await log.claimIdle(stream, group, consumer, { minIdleMs: claimIdleMs, count: batchSize }));
          }
        }
        // Taken before it is awaited: a read that failed (Redis away) is not awaited again next turn.
        const next = ahead ?? read();
        ahead = undefined;
        const entries = await next;
        if (options.readAhead && entries.length > 0 && !stopped) {
          ahead = read();
          ahead.catch(() => {}); // its failure is met when awaited, in the next turn
        }
        await process(entries);
        failures = 0;
      } catch (error) {
        if (stopped) break;
        onError(error as Error, {});
        // A read ahead, issued before handling failed, is dropped: its entries stay pending and are claimed later.
        ahead?.catch(() => {});
        ahead = undefined;
        // The streams or group vanished (Redis lost its data): start over from what is there.
        if (/NOGROUP/.test(String((error as Error).message))) await createGroups('0').catch(() => {});
        await sleep(Math.min(100 * 2 ** failures++, 2000));
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      await ahead?.catch(() => {});
    },
  };
}

/** Options for {@link replayEvents}. */
export interface ReplayOptions {
  readonly log: EventLog;
  readonly type: EventType;
  /** First event to replay: a stream entry id (`<ms>-<n>`) or a CloudEvent id; `'0'` replays everything retained. */
  readonly from: string;
  handle(event: AnyEvent, meta: DeliveryMeta): void | Promise<void>;
  /** @default 500 */
  readonly batchSize?: number;
}

const ENTRY_ID = /^\d+-\d+$/;

/** The id just before `id`, so an exclusive range starts at `id`. */
function before(id: string): string {
  const [ms, n] = id.split('-').map(BigInt) as [bigint, bigint];
  return n > 0n ? `${ms}-${n - 1n}` : ms > 0n ? `${ms - 1n}-18446744073709551615` : '0';
}

/**
 * Re-reads one event stream from `from` (inclusive) to its current end, outside any group
 * (nothing is acknowledged), validating each event; invalid ones are skipped.
 * Throws when `from` is a CloudEvent id no longer in the stream.
 * @returns how many events were handled and the last entry id, to resume from.
 */
export async function replayEvents(options: ReplayOptions): Promise<{ count: number; lastId: string | undefined }> {
  const { log } = options;
  const stream = streamOf(options.type);
  const batchSize = options.batchSize ?? 500;
  let after = options.from === '0' ? '0' : ENTRY_ID.test(options.from) ? before(options.from) : undefined;
  let started = after !== undefined;
  let cursor = after ?? '0';
  let count = 0;
  let lastId: string | undefined;
  for (;;) {
    const entries = await log.range(stream, cursor, batchSize);
    if (entries.length === 0) break;
    cursor = entries.at(-1)!.id;
    for (const entry of entries) {
      if (!started) {
        if (entryEventId(entry.fields) !== options.from) continue;
        started = true;
      }
      const validation = readEntry(entry.fields);
      if (!validation.ok) continue;
      await options.handle(validation.event, { streamId: entry.id, deliveries: 0 });
      count++;
      lastId = entry.id;
    }
  }
  if (!started) throw new Error(`Event ${options.from} is not in ${stream}`);
  return { count, lastId };
}

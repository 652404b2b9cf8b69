import type { Db } from '../db/index.js';

/** A calendar month in UTC; `index` counts months from year 0 (`year * 12 + month - 1`), so months compare and add as numbers. */
export type Month = number;

export const monthOf = (time: Date | string): Month => {
  const date = new Date(time);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
};

const pad = (n: number) => String(n).padStart(2, '0');
const yearOf = (month: Month) => Math.floor(month / 12);
/** `2026-12`. */
export const monthLabel = (month: Month): string => `${yearOf(month)}-${pad((month % 12) + 1)}`;
/** The partition holding `month`: `events_2026_12`. */
export const partitionName = (month: Month): string => `events_${monthLabel(month).replace('-', '_')}`;
const startOf = (month: Month) => `${monthLabel(month)}-01 00:00:00+00`;
const PARTITION = /^events_(\d{4})_(\d\d)$/;

// Any constant works; it only has to be the same for every process keeping the partitions.
const PARTITION_LOCK_ID = 0x65767374;

/** Options for {@link createPartitionKeeper}. */
export interface PartitionKeeperOptions {
  readonly db: Db;
  /** Months kept before the current one; older partitions are detached. 0 keeps everything. @default 0 */
  readonly retentionMonths?: number;
  /** Months created ahead of the current one. @default 2 */
  readonly monthsAhead?: number;
  /** The clock (tests pass a fixed one). */
  readonly now?: () => Date;
}

/** Keeps `event_store.events`' monthly partitions: ahead of time, for what arrives, and within the retention. */
export interface PartitionKeeper {
  /**
   * Creates the current month's partition and `monthsAhead` more (and retries months that failed),
   * detaches those older than the retention, then throws the first creation that failed, if any.
   */
  maintain(): Promise<{ created: Month[]; detached: Month[] }>;
  /**
   * Makes sure each month of `times` within the retention has its partition before events of it
   * are inserted (a backfill of last year gets monthly partitions, not the default one).
   * @returns the months created
   */
  ensureFor(times: readonly string[]): Promise<Month[]>;
  /** The monthly partitions attached now, oldest first. */
  attached(): Promise<Month[]>;
}

/**
 * Partition maintenance of the event store. Each partition is created in its own transaction
 * under an advisory lock, so concurrent keepers (one per event-store consumer) never race; a month
 * whose table exists already (attached, or detached by the retention) is left as it is. A month
 * older than the retention gets no partition: its rare late events stay in the default partition.
 * Creating a month fails when the default partition already holds events of it; they stay there
 * and the error is thrown (after the other months were created) for the caller to report; the
 * append path does not try that month again (its events go to the default partition), `maintain`
 * does.
 */
export function createPartitionKeeper(options: PartitionKeeperOptions): PartitionKeeper {
  const { db } = options;
  const retention = options.retentionMonths ?? 0;
  const ahead = options.monthsAhead ?? 2;
  const now = options.now ?? (() => new Date());
  /** Months whose table exists, as far as this keeper knows: no DDL for them on the append path. */
  const known = new Set<Month>();
  /** Months whose creation failed: the append path leaves them to the default partition, `maintain` tries them again. */
  const failed = new Set<Month>();
  const oldestKept = () => (retention > 0 ? monthOf(now()) - retention : -Infinity);

  const attached = async (): Promise<Month[]> => {
    const { rows } = await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'event_store.events'::regclass`);
    return rows.flatMap(({ name }) => {
      const match = PARTITION.exec(name);
      return match ? [Number(match[1]) * 12 + Number(match[2]) - 1] : [];
    }).sort((a, b) => a - b);
  };

  /** Creates the partitions of `months` that have no table yet, trying each; the first failure is returned with them. */
  const create = async (months: readonly Month[]): Promise<{ created: Month[]; failure?: Error }> => {
    const created: Month[] = [];
    let failure: Error | undefined;
    for (const month of months) {
      if (known.has(month)) continue;
      try {
        const made = await db.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_ID]);
          const { rows } = await tx.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [`event_store.${partitionName(month)}`]);
          if (rows[0]!.exists) return false;
          await tx.exec(`CREATE TABLE event_store.${partitionName(month)} PARTITION OF event_store.events
            FOR VALUES FROM ('${startOf(month)}') TO ('${startOf(month + 1)}')`);
          return true;
        });
        known.add(month);
        failed.delete(month);
        if (made) created.push(month);
      } catch (error) {
        failed.add(month);
        failure ??= new Error(`event store partition ${partitionName(month)}: ${(error as Error).message}`);
      }
    }
    return { created, failure };
  };

  return {
    attached,
    async maintain() {
      const current = monthOf(now());
      const retry = [...failed].filter((m) => m >= oldestKept());
      const { created, failure } = await create([...new Set([...retry, ...Array.from({ length: ahead + 1 }, (_, i) => current + i)])].sort((a, b) => a - b));
      const detached: Month[] = [];
      for (const month of await attached()) {
        if (month >= oldestKept()) continue;
        await db.exec(`ALTER TABLE event_store.events DETACH PARTITION event_store.${partitionName(month)}`);
        detached.push(month);
      }
      if (failure) throw failure;
      return { created, detached };
    },
    async ensureFor(times) {
      const months = new Set<Month>();
      for (const time of times) months.add(monthOf(time));
      const missing = [...months].filter((m) => !known.has(m) && !failed.has(m) && m >= oldestKept()).sort((a, b) => a - b);
      if (missing.length === 0) return [];
      const { created, failure } = await create(missing);
      if (failure) throw failure;
      return created;
    },
  };
}

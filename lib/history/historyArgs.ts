import type { Queryable } from '../db/index.js';
import { badUserInput, ErrorCode, userError } from '../errors/index.js';
import { assertPageSize, decodeCursor, encodeCursor, parseTimestamp } from '../validation/index.js';

/** A time argument of a history field: ISO 8601 and not in the future (a future state would be a guess). */
export function pastTime(value: string, field: string, now = new Date()): Date {
  const time = parseTimestamp(value, field)!;
  if (time > now) throw badUserInput(`${field} must not be in the future`, field);
  return time;
}

/** The arguments every `…History(from, to, first, after)` field takes, checked. */
export function historyPageArgs(args: { from?: string | null; to?: string | null; first?: number | null; after?: string | null }, now = new Date()) {
  const from = args.from === null || args.from === undefined ? null : pastTime(args.from, 'from', now);
  const to = args.to === null || args.to === undefined ? now : parseTimestamp(args.to, 'to')!;
  if (from && to <= from) throw badUserInput('to must be after from', 'to');
  const first = assertPageSize(args.first ?? 50, 500);
  return { range: { from, to }, first, afterSeq: args.after ? decodeCursor(args.after) : 0 };
}

/** A page of history states (fetched one beyond `first`) as `{ nodes, pageInfo }`. */
export function historyPage<S extends { readonly seq: number }, N>(states: readonly S[], first: number, node: (state: S) => N) {
  const page = states.slice(0, first);
  return { nodes: page.map(node), pageInfo: { hasNextPage: states.length > first, endCursor: page.length > 0 ? encodeCursor(page.at(-1)!.seq) : null } };
}

/** HISTORY_NOT_AVAILABLE: asked about a moment before `what`'s first recorded state. */
export const historyNotAvailable = (what: string, startsAt: Date) =>
  userError(ErrorCode.HISTORY_NOT_AVAILABLE, `${what} is recorded from ${startsAt.toISOString()} on`, { historyStartsAt: startsAt.toISOString() });

/** Records who writes in this transaction (`commerce.actor`), for the history triggers' `changed_by`. */
export async function recordActor(tx: Queryable, actor: string | undefined): Promise<void> {
  if (actor) await tx.query(`SELECT set_config('commerce.actor', $1, true)`, [actor]);
}

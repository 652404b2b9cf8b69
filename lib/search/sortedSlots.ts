/**
 * One sort order over every live slot, sorted when built. A page of a result set is a walk of
 * it until `offset + limit` members of the set have passed, not a sort of the set. Slots
 * written after the build (read from the caller's write log from {@link logPosition} on) may
 * have other sort keys now: the walk skips their old place and merges them in at their current
 * one, so a page stays exact until the caller rebuilds the order.
 */
export class SortedSlots {
  private constructor(
    /** Every live slot at the build, in order. */
    readonly order: Int32Array,
    /** Where the writes since the build start in the caller's write log (the caller moves it when it drops the log's head). */
    public logPosition: number,
    /** The sort key of each slot of {@link order} at the build, when one was given. */
    readonly keys: Float64Array | null,
  ) {}

  /**
   * Sorts the slots below `capacity` that are alive (1 in `alive`) by `compare`, keeping their
   * `key` (by slot) beside them when given, for {@link range}.
   */
  static build(alive: Uint8Array, capacity: number, compare: (a: number, b: number) => number, logPosition: number, key?: Float64Array): SortedSlots {
    let live = 0;
    for (let slot = 0; slot < capacity; slot++) live += alive[slot] === 1 ? 1 : 0;
    const order = new Int32Array(live);
    let n = 0;
    for (let slot = 0; slot < capacity; slot++) if (alive[slot] === 1) order[n++] = slot;
    order.sort(compare);
    return new SortedSlots(order, logPosition, key ? Float64Array.from(order, (slot) => key[slot]!) : null);
  }

  /**
   * For an order built with ascending keys (NaN last): the positions `[from, to)` whose key at the
   * build was within `min` … `max` (inclusive; NaN never is). Slots written since may have other keys now.
   */
  range(min: number, max: number): { from: number; to: number } {
    const keys = this.keys!;
    // The first position whose key passes `beyond` (NaN passes: it sorts last).
    const first = (beyond: (key: number) => boolean) => {
      let low = 0;
      let high = keys.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        const key = keys[mid]!;
        if (key !== key || beyond(key)) high = mid;
        else low = mid + 1;
      }
      return low;
    };
    const from = first((key) => key >= min);
    return { from, to: Math.max(from, first((key) => key > max)) };
  }

  /**
   * The slots `accept` lets through at positions `offset` … `count - 1` in `compare` order (the
   * order this was built with). `log` lists the slots written since the build from
   * {@link logPosition}; `marks` is scratch, one byte per slot, zero on entry and on return.
   * Null when the page is not complete after `budget` slots of the order.
   */
  walk(accept: (slot: number) => boolean, log: readonly number[], marks: Uint8Array, offset: number, count: number,
    compare: (a: number, b: number) => number, budget = Infinity): number[] | null {
    // Slots written since the build that are in the set, in their current order, to merge in.
    const written: number[] = [];
    for (let i = this.logPosition; i < log.length; i++) {
      const slot = log[i]!;
      if (marks[slot] === 1) continue;
      marks[slot] = 1;
      if (accept(slot)) written.push(slot);
    }
    written.sort(compare);
    const page: number[] = [];
    let passed = 0;
    let next = 0;
    const { order } = this;
    let i = 0;
    for (; i < order.length && passed < count && i < budget; i++) {
      const slot = order[i]!;
      if (marks[slot] === 1 || !accept(slot)) continue; // written since (merged below), or not in the set
      while (next < written.length && passed < count && compare(written[next]!, slot) < 0) {
        if (passed++ >= offset) page.push(written[next]!);
        next++;
      }
      if (passed < count && passed++ >= offset) page.push(slot);
    }
    const complete = passed >= count || i >= order.length;
    while (complete && next < written.length && passed < count) {
      if (passed++ >= offset) page.push(written[next]!);
      next++;
    }
    for (let i = this.logPosition; i < log.length; i++) marks[log[i]!] = 0;
    return complete ? page : null;
  }
}

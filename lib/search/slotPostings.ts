/**
 * For one column of small integer codes (a brand, a category placement, in stock or not): the
 * code of every slot and, per code, the list of slots holding it, so a filter on a value reads
 * its products without looking at the others. Adding and removing a slot are O(1): a list is
 * unordered and a removal moves its last slot into the gap. Lists hold live slots only.
 */
export class SlotPostings {
  /** The code of each slot; -1 when the slot holds none (never set, or removed). */
  values = new Int32Array(0);
  /** Each slot's index in the list of its code. */
  private position = new Int32Array(0);
  private readonly lists: Int32Array[] = [];
  private readonly sizes: number[] = [];

  /** Makes room for slots below `capacity`. */
  grow(capacity: number): void {
    if (capacity <= this.values.length) return;
    const values = new Int32Array(capacity).fill(-1);
    values.set(this.values);
    const position = new Int32Array(capacity);
    position.set(this.position);
    this.values = values;
    this.position = position;
  }

  /** Puts `slot` in the list of `code` (out of the list of its previous code). */
  set(slot: number, code: number): void {
    if (this.values[slot] === code) return;
    this.remove(slot);
    while (this.lists.length <= code) {
      this.lists.push(new Int32Array(16));
      this.sizes.push(0);
    }
    let list = this.lists[code]!;
    const size = this.sizes[code]!;
    if (size === list.length) {
      const wider = new Int32Array(list.length * 2);
      wider.set(list);
      this.lists[code] = list = wider;
    }
    list[size] = slot;
    this.position[slot] = size;
    this.sizes[code] = size + 1;
    this.values[slot] = code;
  }

  /** Takes `slot` out of its list (no-op when it holds no code). */
  remove(slot: number): void {
    const code = this.values[slot] ?? -1;
    if (code < 0) return;
    const list = this.lists[code]!;
    const last = --this.sizes[code]!;
    const at = this.position[slot]!;
    const moved = list[last]!;
    list[at] = moved;
    this.position[moved] = at;
    this.values[slot] = -1;
  }

  valueOf(slot: number): number {
    return this.values[slot] ?? -1;
  }

  /** How many slots hold `code`. */
  size(code: number): number {
    return this.sizes[code] ?? 0;
  }

  /** The slots holding `code`, in no particular order (a view: valid until the next write). */
  list(code: number): Int32Array {
    return this.lists[code]?.subarray(0, this.sizes[code]) ?? new Int32Array(0);
  }

  /** The lists of the codes marked 1 in `wanted` (indexed by code), and their total size. */
  selected(wanted: Uint8Array): { size: number; lists: Int32Array[] } {
    const lists: Int32Array[] = [];
    let size = 0;
    for (let code = 0; code < wanted.length; code++) {
      if (wanted[code] !== 1 || !this.sizes[code]) continue;
      lists.push(this.list(code));
      size += this.sizes[code]!;
    }
    return { size, lists };
  }
}

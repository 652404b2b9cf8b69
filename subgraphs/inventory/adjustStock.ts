import type { Db } from '../../lib/db/index.js';
import { badUserInput, conflict } from '../../lib/errors/index.js';
import { recordActor } from '../../lib/history/index.js';
import { assertProductId, assertText } from '../../lib/validation/index.js';
import type { AdjustStockInput } from './generated/types.js';
import type { InventoryStore, StockRow } from './store.js';

const MAX_DELTA = 1_000_000;

/**
 * Adds `delta` to on-hand stock in one warehouse, in a transaction. On hand may not drop
 * below zero or below what is reserved (BAD_USER_INPUT); `expectedVersion` guards against
 * lost updates (CONFLICT). A product with no stock row anywhere is unknown to inventory.
 * `actor` (the caller's subject) is recorded with the new state in the stock history.
 */
export async function adjustStock(db: Db, store: InventoryStore, input: AdjustStockInput, actor?: string): Promise<StockRow> {
  const productId = assertProductId(input.productId);
  const { warehouseId, delta } = input;
  if (delta === 0 || Math.abs(delta) > MAX_DELTA) throw badUserInput(`delta must be non-zero and at most ${MAX_DELTA} in size (got ${delta})`, 'delta');
  const reason = assertText(input.reason, 'reason', 200);

  return db.transaction(async (tx) => {
    await recordActor(tx, actor);
    if (!(await store.warehouseExists(tx, warehouseId))) throw badUserInput(`Warehouse ${JSON.stringify(warehouseId)} does not exist`, 'warehouseId');
    const rows = await store.lockProductStock(tx, productId);
    if (rows.length === 0) throw badUserInput(`Product ${productId} is unknown to inventory`, 'productId');
    const current = rows.find((row) => row.warehouse_id === warehouseId);
    const version = current?.version ?? 0;
    if (input.expectedVersion !== null && input.expectedVersion !== undefined && input.expectedVersion !== version) {
      throw conflict(`Stock of ${productId} in ${warehouseId} is at version ${version}, not ${input.expectedVersion}`, { productId, currentVersion: version });
    }
    const onHand = (current?.on_hand ?? 0) + delta;
    const reserved = current?.reserved ?? 0;
    if (onHand < 0) throw badUserInput(`delta ${delta} would leave ${onHand} on hand; stock cannot go below zero`, 'delta');
    if (onHand < reserved) throw badUserInput(`delta ${delta} would leave ${onHand} on hand, below the ${reserved} reserved`, 'delta');
    return store.applyMovement(tx, { productId, warehouseId, delta, reason, onHand });
  });
}

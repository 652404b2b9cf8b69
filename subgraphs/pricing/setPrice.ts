import { badUserInput, conflict } from '../../lib/errors/index.js';
import type { Db } from '../../lib/db/index.js';
import { recordActor } from '../../lib/history/index.js';
import { assertCurrency, assertProductId, parseTimestamp } from '../../lib/validation/index.js';
import type { SetPriceInput } from './generated/types.js';
import type { PriceRow, PricingStore, PriceWrite } from './store.js';

/** Largest amount in minor units we accept: GraphQL Int is 32-bit. */
const MAX_AMOUNT = 2_000_000_000;

function validate(input: SetPriceInput): PriceWrite {
  const productId = assertProductId(input.productId);
  const currency = assertCurrency(input.currency);
  const amount = (value: number, field: string) => {
    if (value < 0) throw badUserInput(`${field} must not be negative (got ${value})`, field);
    if (value > MAX_AMOUNT) throw badUserInput(`${field} must be at most ${MAX_AMOUNT} minor units (got ${value})`, field);
    return value;
  };
  const listAmount = amount(input.listAmount, 'listAmount');
  const saleAmount = input.saleAmount === null || input.saleAmount === undefined ? null : amount(input.saleAmount, 'saleAmount');
  if (saleAmount !== null && saleAmount > listAmount) {
    throw badUserInput(`saleAmount (${saleAmount}) must not exceed listAmount (${listAmount})`, 'saleAmount');
  }
  const saleValidFrom = parseTimestamp(input.saleValidFrom, 'saleValidFrom');
  const saleValidTo = parseTimestamp(input.saleValidTo, 'saleValidTo');
  if (saleValidFrom && saleValidTo && saleValidTo <= saleValidFrom) {
    throw badUserInput('saleValidTo must be after saleValidFrom', 'saleValidTo');
  }
  if (saleAmount === null && (saleValidFrom || saleValidTo)) {
    throw badUserInput('saleValidFrom/saleValidTo need a saleAmount', 'saleAmount');
  }
  return { productId, currency, listAmount, saleAmount, saleValidFrom, saleValidTo };
}

/**
 * Validates and writes one price in a transaction. A product pricing has never priced is
 * unknown here (BAD_USER_INPUT); `expectedVersion` guards against lost updates (CONFLICT).
 * `actor` (the caller's subject) is recorded with the new state in the price history.
 */
export async function setPrice(db: Db, store: PricingStore, input: SetPriceInput, actor?: string): Promise<PriceRow> {
  const write = validate(input);
  return db.transaction(async (tx) => {
    await recordActor(tx, actor);
    const existing = await store.lockProductPrices(tx, write.productId);
    if (existing.length === 0) {
      throw badUserInput(`Product ${write.productId} is unknown to pricing`, 'productId');
    }
    const current = existing.find((row) => row.currency === write.currency);
    if (input.expectedVersion !== null && input.expectedVersion !== undefined && input.expectedVersion !== (current?.version ?? 0)) {
      throw conflict(`Price of ${write.productId} in ${write.currency} is at version ${current?.version ?? 0}, not ${input.expectedVersion}`, {
        productId: write.productId, currentVersion: current?.version ?? 0,
      });
    }
    return store.upsertPrice(tx, write);
  });
}

import { randomUUID } from 'node:crypto';
import type { Identity } from '../../lib/auth/index.js';
import type { Db, Tx } from '../../lib/db/index.js';
import { badUserInput, ErrorCode, productNotFound, userError } from '../../lib/errors/index.js';
import { assertCurrency, assertProductId, isUuid } from '../../lib/validation/index.js';
import { mayRead, ownerOf } from './access.js';
import { cartStore, type CartRow } from './cartStore.js';
import type { ProductCatalog } from './ports.js';

/** Most units of one product in a cart. */
export const MAX_LINE_QUANTITY = 1000;
/** Most lines in a cart (inventory reserves at most 100 lines at once). */
export const MAX_CART_LINES = 100;


export const cartNotFound = (cartId: string) => userError(ErrorCode.CART_NOT_FOUND, `No cart ${cartId} of yours`, { cartId });

function checkQuantity(quantity: number): number {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    throw badUserInput(`quantity must be from 1 to ${MAX_LINE_QUANTITY} (got ${quantity})`, 'quantity');
  }
  return quantity;
}

/** Carts: a customer changes only their own, and only while open. */
export function createCarts(db: Db, catalog: ProductCatalog) {
  /** Locks the caller's open cart and runs `fn` on it, in one transaction. */
  async function changeOpenCart(identity: Identity, cartId: string, fn: (tx: Tx, cart: CartRow) => Promise<void>): Promise<CartRow> {
    const owner = ownerOf(identity);
    if (!isUuid(cartId)) throw cartNotFound(cartId);
    return db.transaction(async (tx) => {
      const cart = await cartStore.lock(tx, cartId);
      if (!cart || cart.owner !== owner) throw cartNotFound(cartId);
      if (cart.status !== 'open') throw userError(ErrorCode.CART_NOT_OPEN, `Cart ${cartId} is ${cart.status.replace('_', ' ')}`, { cartId });
      await fn(tx, cart);
      return cart;
    });
  }

  async function checkProduct(productId: string): Promise<string> {
    assertProductId(productId);
    if (!(await catalog.existing([productId])).has(productId)) throw productNotFound(productId);
    return productId;
  }

  return {
    create: (identity: Identity, currency: string) =>
      cartStore.insert(db, { id: randomUUID(), owner: ownerOf(identity), currency: assertCurrency(currency) }),

    /** The cart when the caller may read it, else CART_NOT_FOUND. */
    async get(identity: Identity, cartId: string): Promise<CartRow> {
      ownerOf(identity);
      const cart = isUuid(cartId) ? (await cartStore.byIds(db, [cartId]))[0] : undefined;
      if (!cart || !mayRead(identity, cart.owner)) throw cartNotFound(cartId);
      return cart;
    },

    async addLine(identity: Identity, cartId: string, productId: string, quantity: number): Promise<CartRow> {
      checkQuantity(quantity);
      await checkProduct(productId);
      return changeOpenCart(identity, cartId, async (tx, cart) => {
        const existing = await cartStore.line(tx, cart.id, productId);
        const total = (existing?.quantity ?? 0) + quantity;
        if (total > MAX_LINE_QUANTITY) throw badUserInput(`a line may hold at most ${MAX_LINE_QUANTITY} units (would be ${total})`, 'quantity');
        if (!existing && (await cartStore.linesOf(tx, [cart.id])).length >= MAX_CART_LINES) throw badUserInput(`a cart holds at most ${MAX_CART_LINES} lines`, 'productId');
        await cartStore.setLine(tx, cart.id, productId, total);
      });
    },

    updateLine: (identity: Identity, cartId: string, productId: string, quantity: number) => {
      checkQuantity(quantity);
      assertProductId(productId);
      return changeOpenCart(identity, cartId, async (tx, cart) => {
        if (!(await cartStore.line(tx, cart.id, productId))) throw badUserInput(`Cart ${cartId} has no line for ${productId}`, 'productId');
        await cartStore.setLine(tx, cart.id, productId, quantity);
      });
    },

    removeLine: (identity: Identity, cartId: string, productId: string) => {
      assertProductId(productId);
      return changeOpenCart(identity, cartId, async (tx, cart) => {
        if (!(await cartStore.removeLine(tx, cart.id, productId))) throw badUserInput(`Cart ${cartId} has no line for ${productId}`, 'productId');
      });
    },
  };
}

export type Carts = ReturnType<typeof createCarts>;

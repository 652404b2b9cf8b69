import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../lib/auth/index.js';
import { authHeader } from './helpers/auth.js';
import { errorCodes, gql } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const SET_PRICE = 'mutation SetPrice($input: SetPriceInput!) { setPrice(input: $input) { amount } }';
const ADJUST_STOCK = 'mutation AdjustStock($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }';
const BOTH = `mutation Both($price: SetPriceInput!, $stock: AdjustStockInput!) {
  setPrice(input: $price) { amount }
  adjustStock(input: $stock) { onHand }
}`;
const price = (listAmount: number) => ({ productId: 'p-2', currency: 'EUR', listAmount });
const stock = { productId: 'p-2', warehouseId: 'wh-berlin', delta: 1, reason: 'receipt' };

describe('authentication and authorization through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack('pglite', { products: 10 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lets a merchandiser set a price and a warehouse worker adjust stock', async () => {
    const set = await gql(stack.url, SET_PRICE, { input: price(1111) }, await authHeader(stack, 'merchandiser'));
    expect(set.body).toEqual({ data: { setPrice: { amount: 1111 } } });
    const adjusted = await gql(stack.url, ADJUST_STOCK, { input: stock }, await authHeader(stack, 'warehouse'));
    expect(adjusted.body.errors).toBeUndefined();
  });

  it('accepts scopes carried by the token itself', async () => {
    const token = await mintDevToken({ ...stack.security.auth, secret: stack.security.auth.sharedSecret!, subject: 'svc', scopes: ['pricing:write'] });
    const set = await gql(stack.url, SET_PRICE, { input: price(2222) }, { authorization: `Bearer ${token}` });
    expect(set.body).toEqual({ data: { setPrice: { amount: 2222 } } });
  });

  it('runs the allowed half of a mutation and reports the other with FORBIDDEN at its path', async () => {
    const res = await gql(stack.url, BOTH, { price: price(3333), stock }, await authHeader(stack, 'merchandiser'));
    expect(res.body.data).toEqual({ setPrice: { amount: 3333 } });
    expect(res.body.errors).toMatchObject([{ path: ['adjustStock'], extensions: { code: 'FORBIDDEN', requiredScopes: [['inventory:write']] } }]);
  });

  it('hides staff-only fields from anonymous callers field by field, not the whole response', async () => {
    const query = '{ product(id: "p-2") { id stock { available reserved warehouses { onHand reserved } } } }';
    const anonymous = await gql(stack.url, query);
    expect(anonymous.body.data.product.stock.available).toEqual(expect.any(Number));
    expect(anonymous.body.data.product.stock).not.toHaveProperty('reserved');
    expect(anonymous.body.data.product.stock.warehouses[0]).toEqual({ onHand: expect.any(Number) });
    expect(anonymous.body.errors!.map((e) => [e.extensions!.code, e.path])).toEqual([
      ['UNAUTHENTICATED', ['product', 'stock', 'reserved']],
      ['UNAUTHENTICATED', ['product', 'stock', 'warehouses', 'reserved']],
    ]);
    const staff = await gql(stack.url, query, {}, await authHeader(stack, 'warehouse'));
    expect(staff.body.errors).toBeUndefined();
    expect(staff.body.data.product.stock.reserved).toEqual(expect.any(Number));
  });

  it('strips the placeholder of a selection emptied by authorization from the result', async () => {
    const res = await gql(stack.url, '{ product(id: "p-2") { stock { reserved } } }', {}, await authHeader(stack, 'customer'));
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect(res.body.data).toEqual({ product: { stock: {} } });
  });

  it('plans filtered and unfiltered versions of one operation separately', async () => {
    const query = 'query Stock { product(id: "p-2") { stock { available reserved } } }';
    const anonymous = await gql(stack.url, query);
    const staff = await gql(stack.url, query, {}, await authHeader(stack, 'admin'));
    const again = await gql(stack.url, query);
    expect(staff.body.data.product.stock.reserved).toEqual(expect.any(Number));
    expect(anonymous.body.data).toEqual(again.body.data);
    expect(again.body.data.product.stock).not.toHaveProperty('reserved');
  });
});

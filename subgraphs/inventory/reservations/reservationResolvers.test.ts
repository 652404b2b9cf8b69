import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf } from '../../../lib/auth/index.js';
import type { Db } from '../../../lib/db/index.js';
import { createLogger } from '../../../lib/logging/index.js';
import { createSubgraphClient, migrateSubgraph, startSubgraph, type SubgraphServer } from '../../../lib/subgraph/index.js';
import { openTestDb } from '../../../test/helpers/testDb.js';
import { inventorySubgraph } from '../index.js';

const RESERVE = /* GraphQL */ `mutation ($input: ReserveStockInput!) {
  reserveStock(input: $input) { reservationKey status allocations { productId warehouseId quantity } }
}`;
const RELEASE = 'mutation ($key: ID!) { releaseReservation(reservationKey: $key) { reservationKey status } }';
const COMMIT = 'mutation ($key: ID!) { commitReservation(reservationKey: $key) { reservationKey status } }';

describe('inventory reservation mutations over HTTP', () => {
  const signingKey = randomBytes(32).toString('base64url');
  const logger = createLogger({ level: 'silent', service: 'test' });
  let db: Db;
  let server: SubgraphServer;
  const client = (scopes: string[], subject = 'service:orders') => createSubgraphClient({
    name: 'inventory', url: server.url, signingKey, identity: identityOf(subject, [], scopes),
  });
  const stock = async (productId: string) => (await db.query<{ on_hand: number; reserved: number }>(
    'SELECT sum(on_hand)::int AS on_hand, sum(reserved)::int AS reserved FROM inventory.stock WHERE product_id = $1', [productId])).rows[0];

  beforeAll(async () => {
    db = await openTestDb('pglite');
    await migrateSubgraph(db, 'inventory');
    await db.exec(`INSERT INTO inventory.warehouses VALUES ('wh-de', 'Berlin', 'DE'), ('wh-fr', 'Lyon', 'FR');
      INSERT INTO inventory.stock (product_id, warehouse_id, on_hand) VALUES ('p-1', 'wh-de', 2), ('p-1', 'wh-fr', 5)`);
    const instance = inventorySubgraph.create(db, { logger, environment: 'test', signingKey, subgraphUrls: () => { throw new Error('no other subgraph'); } });
    server = await startSubgraph(instance, { port: 0, logger, signingKey });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('reserves, answers the same key with the same reservation, and commits it into an on-hand decrement', async () => {
    const orders = client(['inventory:reserve']);
    const input = { reservationKey: 'saga-a:reserve', lines: [{ productId: 'p-1', quantity: 3 }], country: 'DE', ttlSeconds: 60 };
    const first = await orders.request<{ reserveStock: unknown }>(RESERVE, { input });
    expect(first.reserveStock).toEqual({
      reservationKey: 'saga-a:reserve', status: 'HELD',
      allocations: [{ productId: 'p-1', warehouseId: 'wh-de', quantity: 2 }, { productId: 'p-1', warehouseId: 'wh-fr', quantity: 1 }],
    });
    expect(await orders.request(RESERVE, { input })).toEqual(first);
    expect(await stock('p-1')).toEqual({ on_hand: 7, reserved: 3 });
    expect(await orders.request(COMMIT, { key: 'saga-a:reserve' })).toEqual({ commitReservation: { reservationKey: 'saga-a:reserve', status: 'COMMITTED' } });
    expect(await orders.request(COMMIT, { key: 'saga-a:reserve' })).toEqual({ commitReservation: { reservationKey: 'saga-a:reserve', status: 'COMMITTED' } });
    expect(await stock('p-1')).toEqual({ on_hand: 4, reserved: 0 });
    await orders.close();
  });

  it('releases idempotently, and fails with OUT_OF_STOCK without holding anything when a line cannot be covered', async () => {
    const orders = client(['inventory:reserve']);
    await orders.request(RESERVE, { input: { reservationKey: 'saga-b:reserve', lines: [{ productId: 'p-1', quantity: 1 }] } });
    expect(await orders.request(RELEASE, { key: 'saga-b:reserve' })).toEqual({ releaseReservation: { reservationKey: 'saga-b:reserve', status: 'RELEASED' } });
    expect(await orders.request(RELEASE, { key: 'saga-b:reserve' })).toEqual({ releaseReservation: { reservationKey: 'saga-b:reserve', status: 'RELEASED' } });
    await expect(orders.request(RESERVE, { input: { reservationKey: 'saga-c:reserve', lines: [{ productId: 'p-1', quantity: 99 }] } }))
      .rejects.toMatchObject({ code: 'OUT_OF_STOCK' });
    expect(await stock('p-1')).toEqual({ on_hand: 4, reserved: 0 });
    await orders.close();
  });

  it('refuses callers without inventory:reserve (FORBIDDEN) and anonymous ones (UNAUTHENTICATED)', async () => {
    const staff = client(['inventory:write', 'inventory:read'], 'warehouse-clerk');
    await expect(staff.request(RELEASE, { key: 'k' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const anonymous = createSubgraphClient({ name: 'inventory', url: server.url, signingKey });
    await expect(anonymous.request(COMMIT, { key: 'k' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const count = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM inventory.reservations WHERE id = 'k'`);
    expect(count.rows[0]!.n).toBe(0);
    await staff.close();
    await anonymous.close();
  });
});

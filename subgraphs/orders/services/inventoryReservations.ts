import type { StockReservations } from '../ports.js';
import type { ServiceClients } from './serviceClients.js';

const RESERVE = /* GraphQL */ `mutation OrdersReserveStock($input: ReserveStockInput!) { reserveStock(input: $input) { reservationKey status } }`;
const RELEASE = /* GraphQL */ `mutation OrdersReleaseReservation($key: ID!) { releaseReservation(reservationKey: $key) { reservationKey status } }`;
const COMMIT = /* GraphQL */ `mutation OrdersCommitReservation($key: ID!) { commitReservation(reservationKey: $key) { reservationKey status } }`;
const RETURN = /* GraphQL */ `mutation OrdersReturnReservation($key: ID!) { returnReservation(reservationKey: $key) { reservationKey status } }`;

/**
 * Inventory's reservation mutations, called as the orders service. Each is idempotent by
 * its key, so a retry after a lost answer is safe (`idempotent: true`). A reservation that
 * comes back released (a release overtook it) did not hold stock: CONFLICT.
 */
export function inventoryReservations(clients: ServiceClients): StockReservations {
  const inventory = () => clients.of('inventory');
  return {
    async reserve({ key, lines, country, ttlSeconds }, signal) {
      const data = await inventory().request<{ reserveStock: { status: string } }>(
        RESERVE, { input: { reservationKey: key, lines, country, ttlSeconds } }, { idempotent: true, signal });
      if (data.reserveStock.status !== 'HELD' && data.reserveStock.status !== 'COMMITTED') {
        throw Object.assign(new Error(`reservation ${key} is ${data.reserveStock.status}`), { code: 'CONFLICT' });
      }
    },
    async release(key, signal) {
      await inventory().request(RELEASE, { key }, { idempotent: true, signal });
    },
    async commit(key, signal) {
      await inventory().request(COMMIT, { key }, { idempotent: true, signal });
    },
    async return(key, signal) {
      await inventory().request(RETURN, { key }, { idempotent: true, signal });
    },
  };
}

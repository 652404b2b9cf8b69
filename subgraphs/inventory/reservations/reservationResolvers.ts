import { requireScope } from '../../../lib/auth/index.js';
import type { Resolvers } from '../generated/types.js';
import { commitReservation } from './commitReservation.js';
import { releaseReservation } from './releaseReservation.js';
import { returnReservation } from './returnReservation.js';
import { reserveStock } from './reserveStock.js';

/** The scope of the service calls that hold, release and commit stock (the orders service holds it). */
export const RESERVE_SCOPE = 'inventory:reserve';

const STATUS = { held: 'HELD', committed: 'COMMITTED', released: 'RELEASED', expired: 'EXPIRED', returned: 'RETURNED' } as const;

/**
 * The reservation mutations, called by the orders saga straight at this subgraph (they are
 * `@inaccessible` in the gateway's API), so the scope is checked here.
 */
export const reservationResolvers: Pick<Resolvers, 'Reservation'> & { Mutation: Pick<NonNullable<Resolvers['Mutation']>, 'reserveStock' | 'releaseReservation' | 'commitReservation' | 'returnReservation'> } = {
  Reservation: {
    reservationKey: (r) => r.id,
    status: (r) => STATUS[r.status],
    expiresAt: (r) => r.expiresAt.toISOString(),
    allocations: (r) => [...r.allocations],
  },
  Mutation: {
    reserveStock: (_root, { input }, ctx) => {
      requireScope(ctx.identity, RESERVE_SCOPE);
      return reserveStock(ctx.db, {
        id: input.reservationKey, lines: input.lines, destinationCountry: input.country,
        ttlMs: input.ttlSeconds === null || input.ttlSeconds === undefined ? undefined : input.ttlSeconds * 1000,
      });
    },
    releaseReservation: (_root, { reservationKey }, ctx) => {
      requireScope(ctx.identity, RESERVE_SCOPE);
      return releaseReservation(ctx.db, reservationKey);
    },
    commitReservation: (_root, { reservationKey }, ctx) => {
      requireScope(ctx.identity, RESERVE_SCOPE);
      return commitReservation(ctx.db, reservationKey);
    },
    returnReservation: (_root, { reservationKey }, ctx) => {
      requireScope(ctx.identity, RESERVE_SCOPE);
      return returnReservation(ctx.db, reservationKey);
    },
  },
};

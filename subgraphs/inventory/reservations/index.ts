export type { Reservation, ReservationAllocation, ReservationLine, ReservationStatus } from './Reservation.js';
export { allocate } from './allocate.js';
export type { AllocationCandidate, AllocationPlan } from './allocate.js';
export { reserveStock, RESERVATION_LIMITS } from './reserveStock.js';
export type { ReserveStockInput } from './reserveStock.js';
export { releaseReservation } from './releaseReservation.js';
export { commitReservation } from './commitReservation.js';
export { releaseExpiredReservations, startReservationSweeper } from './reservationSweeper.js';
export type { ReservationSweeperOptions } from './reservationSweeper.js';

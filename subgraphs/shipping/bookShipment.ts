import type DataLoader from 'dataloader';
import type { Db } from '../../lib/db/index.js';
import { ErrorCode, userError } from '../../lib/errors/index.js';
import type { Logger } from '../../lib/logging/index.js';
import { UpstreamError } from '../../lib/resilience/index.js';
import type { Carrier, Recipient } from './carriers/Carrier.js';
import type { ShippableProduct } from './packParcel.js';
import { packItems } from './quoteShipping.js';
import { shipmentStore, type ShipmentRow } from './shipmentStore.js';

/** What booking and voiding need: the store, the carriers (once started) and catalog's weights. */
export interface ShipmentDeps {
  readonly db: Db;
  carriers(): readonly Carrier[];
  readonly products: DataLoader<string, ShippableProduct | undefined>;
  readonly logger?: Logger;
  /** One carrier call's deadline, retries included (within the orders service's 3 s call). @default 2500 */
  readonly timeoutMs?: number;
}

/** The checkout's shipment: idempotent by `idempotencyKey` (`<order id>:ship`). */
export interface ShipmentRequest {
  readonly orderId: string;
  /** The order's customer (JWT subject): who may read the shipment. */
  readonly customer: string;
  readonly idempotencyKey: string;
  /** `carrier:service`, as quoted. */
  readonly option: string;
  readonly recipient: Recipient;
  readonly items: readonly { productId: string; quantity: number }[];
}

/**
 * Books the label at the option's carrier (the carrier books a key once, so a retry after a
 * lost answer is the same label) and records it LABEL_CREATED. A refused shipment is
 * SHIPPING_OPTION_UNAVAILABLE; a carrier that cannot answer, CARRIER_UNAVAILABLE (retry);
 * a key already cancelled, SHIPMENT_CANCELLED.
 */
export async function bookShipment(deps: ShipmentDeps, request: ShipmentRequest): Promise<ShipmentRow> {
  const known = await shipmentStore.byKey(deps.db, request.idempotencyKey);
  if (known) return live(known);
  const { carrier, service } = carrierOf(deps, request.option);
  const parcel = await packItems(deps.products, request.items);
  const { trackingNumber } = await callCarrier(carrier, (signal) =>
    carrier.book({ key: request.idempotencyKey, service, reference: request.orderId, recipient: request.recipient, parcel }, signal), deps);
  return live(await shipmentStore.record(deps.db, {
    orderId: request.orderId, customer: request.customer, bookingKey: request.idempotencyKey, carrier: carrier.name, service, trackingNumber, status: 'LABEL_CREATED',
  }));
}

/**
 * Compensation of {@link bookShipment}: voids the label the key holds (asking the carrier for
 * it when the booking never answered: its booking is idempotent by key) and refuses the key
 * from then on. False when the carrier can no longer void it (picked up): the parcel travels
 * and comes back as a return, which is not ours to start here.
 */
export async function cancelShipment(deps: ShipmentDeps, request: ShipmentRequest): Promise<boolean> {
  const known = await shipmentStore.byKey(deps.db, request.idempotencyKey);
  if (known?.status === 'CANCELLED') return true;
  const { carrier, service } = carrierOf(deps, known ? `${known.carrier}:${known.service}` : request.option);
  const trackingNumber = known?.tracking_number ?? (await callCarrier(carrier, async (signal) => {
    const parcel = await packItems(deps.products, request.items);
    return carrier.book({ key: request.idempotencyKey, service, reference: request.orderId, recipient: request.recipient, parcel }, signal);
  }, deps)).trackingNumber;
  try {
    await callCarrier(carrier, (signal) => carrier.cancel(trackingNumber, signal), deps, true);
  } catch (error) {
    if ((error as { extensions?: { code?: string } }).extensions?.code !== ErrorCode.SHIPPING_OPTION_UNAVAILABLE) throw error;
    deps.logger?.warn({ orderId: request.orderId, carrier: carrier.name, trackingNumber }, 'shipping: the carrier refused to void the label (already picked up)');
    return false;
  }
  if (known) await shipmentStore.cancel(deps.db, request.idempotencyKey);
  else await shipmentStore.record(deps.db, { ...recordOf(request, carrier.name, service, trackingNumber), status: 'CANCELLED' });
  return true;
}

const recordOf = (request: ShipmentRequest, carrier: string, service: string, trackingNumber: string) => ({
  orderId: request.orderId, customer: request.customer, bookingKey: request.idempotencyKey, carrier, service, trackingNumber,
});

/** A booking that raced a cancellation finds the key cancelled: it books nothing. */
function live(row: ShipmentRow): ShipmentRow {
  if (row.status === 'CANCELLED') throw userError(ErrorCode.SHIPMENT_CANCELLED, `The shipment of order ${row.order_id} was cancelled`, { orderId: row.order_id });
  return row;
}

function carrierOf(deps: ShipmentDeps, option: string): { carrier: Carrier; service: string } {
  const [name, service] = option.split(':', 2);
  const carrier = deps.carriers().find((c) => c.name === name);
  if (!carrier || !service) throw userError(ErrorCode.SHIPPING_OPTION_UNAVAILABLE, `No carrier offers ${option}`, { option });
  return { carrier, service };
}

/** A carrier call under one deadline; its failures as coded GraphQL errors. */
async function callCarrier<T>(carrier: Carrier, call: (signal: AbortSignal) => Promise<T>, deps: ShipmentDeps, voiding = false): Promise<T> {
  try {
    return await call(AbortSignal.timeout(deps.timeoutMs ?? 2_500));
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    if (error.code === 'DECLINED') {
      throw userError(ErrorCode.SHIPPING_OPTION_UNAVAILABLE, `${carrier.name} ${voiding ? 'would not void the label' : 'refused the shipment'}`, { carrier: carrier.name });
    }
    throw userError(ErrorCode.CARRIER_UNAVAILABLE, `${carrier.name} could not be reached (${error.code})`, { carrier: carrier.name, reason: error.code });
  }
}

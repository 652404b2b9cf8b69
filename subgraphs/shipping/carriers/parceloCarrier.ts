import { createHttpUpstream } from '../../../lib/resilience/index.js';
import type { Carrier } from './Carrier.js';
import type { CarrierOptions } from './CarrierOptions.js';
import { decimalToMinorUnits, expectArray, expectCurrency, expectInt, expectObject, expectString } from './parse.js';

/**
 * Parcelo: JSON REST with the API key in `X-Api-Key`: `GET /v1/rates` (decimal prices),
 * `POST /v1/shipments` (idempotent by the `Idempotency-Key` header), `DELETE /v1/shipments/<code>`.
 */
export function createParceloCarrier(settings: { baseUrl: string; apiKey: string }, options: CarrierOptions = {}): Carrier {
  const name = 'parcelo';
  const http = createHttpUpstream({ ...options, name, baseUrl: settings.baseUrl });
  return {
    name,
    get breakerState() {
      return http.policy.breakerState;
    },
    async quote(destination, parcel, signal) {
      const { body } = await http.request<unknown>({
        method: 'GET',
        path: '/v1/rates',
        query: {
          to_country: destination.country, to_postal: destination.postalCode, weight_g: parcel.weightGrams,
          length_mm: parcel.lengthMm, width_mm: parcel.widthMm, height_mm: parcel.heightMm,
        },
        headers: { 'x-api-key': settings.apiKey, accept: 'application/json' },
        signal,
      });
      return expectArray(expectObject(body, 'parcelo answer').rates, 'parcelo rates').map((item, i) => {
        const rate = expectObject(item, `parcelo rates[${i}]`);
        const days = expectObject(rate.transit_days, `parcelo rates[${i}].transit_days`);
        return {
          carrier: name,
          service: expectString(rate.service, 'parcelo service'),
          serviceName: expectString(rate.name, 'parcelo name'),
          amount: { amount: decimalToMinorUnits(rate.price, 'parcelo price'), currency: expectCurrency(rate.currency, 'parcelo currency') },
          estimatedDays: { min: expectInt(days.min, 'parcelo transit_days.min'), max: expectInt(days.max, 'parcelo transit_days.max') },
        };
      });
    },
    async book({ key, service, reference, recipient, parcel }, signal) {
      const { body } = await http.request<unknown>({
        method: 'POST',
        path: '/v1/shipments',
        headers: { 'x-api-key': settings.apiKey, 'idempotency-key': key, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          service, reference,
          to: { name: recipient.name, street: [recipient.line1, recipient.line2].filter(Boolean).join(', '), city: recipient.city, postal: recipient.postalCode, country: recipient.country },
          parcel: { weight_g: parcel.weightGrams, length_mm: parcel.lengthMm, width_mm: parcel.widthMm, height_mm: parcel.heightMm },
        }),
        // The idempotency key makes a retry after a lost answer the same booking.
        idempotent: true,
        signal,
      });
      const shipment = expectObject(expectObject(body, 'parcelo answer').shipment, 'parcelo shipment');
      return { trackingNumber: expectString(shipment.tracking_code, 'parcelo tracking_code') };
    },
    async cancel(trackingNumber, signal) {
      await http.request({
        method: 'DELETE', path: `/v1/shipments/${encodeURIComponent(trackingNumber)}`,
        headers: { 'x-api-key': settings.apiKey, accept: 'application/json' }, idempotent: true, signal,
      });
    },
    close: () => http.close(),
  };
}

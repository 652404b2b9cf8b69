import { createHttpUpstream, UpstreamError } from '../../../lib/resilience/index.js';
import type { Carrier, CarrierQuote } from './Carrier.js';
import type { CarrierOptions } from './CarrierOptions.js';
import { expectArray, expectCurrency, expectInt, expectObject, expectString } from './parse.js';

/** Pages followed at most; a carrier that keeps paging is answering badly. */
const MAX_PAGES = 10;

/**
 * Freightly: HTTP Basic auth; `GET /api/rates` paginated (`meta.next_page`), transit days as
 * "2-4"; `POST /api/consignments` (one consignment per `customer_ref`: booking the same ref
 * again answers the first) and `POST /api/consignments/<no>/cancel`.
 */
export function createFreightlyCarrier(settings: { baseUrl: string; username: string; password: string }, options: CarrierOptions = {}): Carrier {
  const name = 'freightly';
  const http = createHttpUpstream({ ...options, name, baseUrl: settings.baseUrl });
  const authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
  return {
    name,
    get breakerState() {
      return http.policy.breakerState;
    },
    async quote(destination, parcel, signal) {
      const quotes: CarrierQuote[] = [];
      for (let page: number | null = 1, fetched = 0; page !== null; fetched++) {
        if (fetched === MAX_PAGES) throw new UpstreamError('BAD_RESPONSE', `freightly: more than ${MAX_PAGES} pages`);
        const { body } = await http.request<unknown>({
          method: 'GET',
          path: '/api/rates',
          query: {
            country: destination.country, zip: destination.postalCode, weight_g: parcel.weightGrams,
            dims: `${parcel.lengthMm}x${parcel.widthMm}x${parcel.heightMm}`, page, per_page: 2,
          },
          headers: { authorization, accept: 'application/json' },
          signal,
        });
        const answer = expectObject(body, 'freightly answer');
        for (const [i, item] of expectArray(answer.data, 'freightly data').entries()) {
          const rate = expectObject(item, `freightly data[${i}]`);
          const cost = expectObject(rate.cost, 'freightly cost');
          const days = /^(\d{1,3})-(\d{1,3})$/.exec(expectString(rate.days, 'freightly days'));
          if (!days) throw new UpstreamError('BAD_RESPONSE', 'freightly days is not "<min>-<max>"');
          quotes.push({
            carrier: name,
            service: expectString(rate.code, 'freightly code'),
            serviceName: expectString(rate.label, 'freightly label'),
            amount: { amount: expectInt(cost.cents, 'freightly cents'), currency: expectCurrency(cost.currency, 'freightly currency') },
            estimatedDays: { min: Number(days[1]), max: Number(days[2]) },
          });
        }
        const next = expectObject(answer.meta, 'freightly meta').next_page;
        page = next === null || next === undefined ? null : expectInt(next, 'freightly next_page', page + 1);
      }
      return quotes;
    },
    async book({ key, service, reference, recipient, parcel }, signal) {
      const { body } = await http.request<unknown>({
        method: 'POST',
        path: '/api/consignments',
        headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          consignment: {
            product_code: service, customer_ref: key, order_ref: reference,
            receiver: { name: recipient.name, address1: recipient.line1, address2: recipient.line2 ?? '', town: recipient.city, zip: recipient.postalCode, country: recipient.country },
            weight_g: parcel.weightGrams, dims: `${parcel.lengthMm}x${parcel.widthMm}x${parcel.heightMm}`,
          },
        }),
        idempotent: true,
        signal,
      });
      const data = expectObject(expectObject(body, 'freightly answer').data, 'freightly data');
      return { trackingNumber: expectString(data.consignment_no, 'freightly consignment_no') };
    },
    async cancel(trackingNumber, signal) {
      await http.request({
        method: 'POST', path: `/api/consignments/${encodeURIComponent(trackingNumber)}/cancel`,
        headers: { authorization, accept: 'application/json' }, idempotent: true, signal,
      });
    },
    close: () => http.close(),
  };
}

import { createHttpUpstream, createResiliencePolicy, UpstreamError } from '../../../lib/resilience/index.js';
import type { Carrier } from './Carrier.js';
import type { CarrierOptions } from './CarrierOptions.js';
import { createOAuthTokenSource } from './oauthTokenSource.js';
import { expectArray, expectCurrency, expectInt, expectObject, expectString } from './parse.js';

/** Settings of the Skyway API. */
export interface SkywaySettings {
  readonly baseUrl: string;
  /** @default `<baseUrl>/oauth/token` */
  readonly tokenUrl?: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * Skyway: OAuth2 client credentials (tokens expire), `POST /v2/quotes` with a JSON body in
 * kg/cm, prices in minor units; `POST /v2/shipments` (idempotent by `X-Request-Id`) and
 * `POST /v2/shipments/<id>/void`. Calls are retried; the token request is not.
 */
export function createSkywayCarrier(settings: SkywaySettings, options: CarrierOptions = {}): Carrier {
  const name = 'skyway';
  // One policy for the API and its token endpoint: a carrier whose token endpoint is down is down.
  const policy = createResiliencePolicy({ ...options, name });
  const api = createHttpUpstream({ name, baseUrl: settings.baseUrl, policy });
  const tokenUrl = new URL(settings.tokenUrl ?? `${settings.baseUrl.replace(/\/$/, '')}/oauth/token`);
  const auth = createHttpUpstream({ name: `${name} token`, baseUrl: tokenUrl.origin, connections: 2, policy });
  const basic = Buffer.from(`${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`).toString('base64');
  const tokens = createOAuthTokenSource({
    async fetchToken() {
      const { body } = await auth.request<unknown>({
        method: 'POST',
        path: tokenUrl.pathname,
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: 'grant_type=client_credentials',
        idempotent: false,
      });
      const answer = expectObject(body, 'skyway token answer');
      return { accessToken: expectString(answer.access_token, 'skyway access_token'), expiresInSec: expectInt(answer.expires_in, 'skyway expires_in', 1) };
    },
  });

  const send = async (path: string, token: string, payload: string | undefined, signal: AbortSignal, requestId?: string) =>
    (await api.request<unknown>({
      method: 'POST',
      path,
      headers: {
        authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json',
        ...(requestId ? { 'x-request-id': requestId } : {}),
      },
      body: payload ?? '{}',
      idempotent: true,
      signal,
    })).body;

  /** One call with a bearer token; an expired or revoked one is refreshed once (shared with every concurrent caller). */
  const call = async (path: string, payload: string | undefined, signal: AbortSignal, requestId?: string) => {
    const token = await tokens.get();
    try {
      return await send(path, token, payload, signal, requestId);
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.code !== 'AUTH_FAILED') throw error;
      tokens.invalidate(token);
      return send(path, await tokens.get(), payload, signal, requestId);
    }
  };

  return {
    name,
    get breakerState() {
      return policy.breakerState;
    },
    async quote(destination, parcel, signal) {
      const payload = JSON.stringify({
        shipTo: { countryCode: destination.country, postalCode: destination.postalCode },
        packages: [{
          weight: { value: parcel.weightGrams / 1000, unit: 'kg' },
          dimensions: { length: parcel.lengthMm / 10, width: parcel.widthMm / 10, height: parcel.heightMm / 10, unit: 'cm' },
        }],
      });
      const body = await call('/v2/quotes', payload, signal);
      return expectArray(expectObject(body, 'skyway answer').quotes, 'skyway quotes').map((item, i) => {
        const quote = expectObject(item, `skyway quotes[${i}]`);
        const charge = expectObject(quote.totalCharge, 'skyway totalCharge');
        const window = expectObject(quote.deliveryWindow, 'skyway deliveryWindow');
        return {
          carrier: name,
          service: expectString(quote.serviceLevel, 'skyway serviceLevel'),
          serviceName: expectString(quote.description, 'skyway description'),
          amount: { amount: expectInt(charge.amountMinor, 'skyway amountMinor'), currency: expectCurrency(charge.currency, 'skyway currency') },
          estimatedDays: { min: expectInt(window.minDays, 'skyway minDays'), max: expectInt(window.maxDays, 'skyway maxDays') },
        };
      });
    },
    async book({ key, service, reference, recipient, parcel }, signal) {
      const payload = JSON.stringify({
        clientReference: reference, serviceLevel: service,
        shipTo: {
          contactName: recipient.name, addressLines: [recipient.line1, ...(recipient.line2 ? [recipient.line2] : [])],
          city: recipient.city, postalCode: recipient.postalCode, countryCode: recipient.country,
        },
        packages: [{
          weight: { value: parcel.weightGrams / 1000, unit: 'kg' },
          dimensions: { length: parcel.lengthMm / 10, width: parcel.widthMm / 10, height: parcel.heightMm / 10, unit: 'cm' },
        }],
      });
      // X-Request-Id makes a retry after a lost answer the same booking.
      const body = expectObject(await call('/v2/shipments', payload, signal, key), 'skyway answer');
      return { trackingNumber: expectString(body.trackingId, 'skyway trackingId') };
    },
    async cancel(trackingNumber, signal) {
      await call(`/v2/shipments/${encodeURIComponent(trackingNumber)}/void`, undefined, signal);
    },
    close: async () => {
      await Promise.all([api.close(), auth.close()]);
    },
  };
}

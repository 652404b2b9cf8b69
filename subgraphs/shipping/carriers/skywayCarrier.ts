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
 * kg/cm, prices in minor units. A quote is a read, so it is retried; the token request is not.
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

  const send = async (token: string, payload: string, signal: AbortSignal) =>
    (await api.request<unknown>({
      method: 'POST',
      path: '/v2/quotes',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: payload,
      idempotent: true,
      signal,
    })).body;

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
      const token = await tokens.get();
      let body: unknown;
      try {
        body = await send(token, payload, signal);
      } catch (error) {
        if (!(error instanceof UpstreamError) || error.code !== 'AUTH_FAILED') throw error;
        // Expired or revoked early: refresh once (shared with every concurrent caller) and try again.
        tokens.invalidate(token);
        body = await send(await tokens.get(), payload, signal);
      }
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
    close: async () => {
      await Promise.all([api.close(), auth.close()]);
    },
  };
}

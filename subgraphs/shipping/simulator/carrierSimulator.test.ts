import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateDevCredentials, startCarrierSimulator, type CarrierSimulator } from './carrierSimulator.js';

const RATES = '/parcelo/v1/rates?to_country=DE&to_postal=10115&weight_g=1200&length_mm=300&width_mm=200&height_mm=100';

describe('carrier simulator', () => {
  let sim: CarrierSimulator;
  beforeAll(async () => {
    sim = await startCarrierSimulator({ port: 0, credentials: generateDevCredentials(), baseLatencyMs: { parcelo: 0, skyway: 0, freightly: 0 } });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  const parcelo = (headers: Record<string, string> = { 'x-api-key': sim.credentials.parcelo.apiKey }) => fetch(sim.url + RATES, { headers });
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('generates different credentials for every run', () => {
    expect(generateDevCredentials()).not.toEqual(generateDevCredentials());
  });

  it('parcelo: quotes decimal prices behind an API key', async () => {
    expect((await parcelo({ 'x-api-key': 'wrong' })).status).toBe(401);
    const res = await parcelo();
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.rates[0]).toEqual({ service: 'parcelo_standard', name: 'Parcelo Standard', price: '5.80', currency: 'EUR', transit_days: { min: 1, max: 3 } });
  });

  it('skyway: issues expiring OAuth tokens and quotes with a bearer token', async () => {
    const { clientId, clientSecret } = sim.credentials.skyway;
    const tokenReq = (auth: string) => fetch(`${sim.baseUrls.skyway}/oauth/token`, {
      method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials',
    });
    expect((await tokenReq(basic(clientId, 'nope'))).status).toBe(401);
    sim.setFaults('skyway', { tokenTtlSec: 1 });
    const token = (await (await tokenReq(basic(clientId, clientSecret))).json()) as any;
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 1 });
    const quote = (bearer: string) => fetch(`${sim.baseUrls.skyway}/v2/quotes`, {
      method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ shipTo: { countryCode: 'FR', postalCode: '75001' }, packages: [{ weight: { value: 2, unit: 'kg' }, dimensions: { length: 30, width: 20, height: 10, unit: 'cm' } }] }),
    });
    const ok = await quote(token.access_token);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).quotes[0]).toMatchObject({ serviceLevel: 'ECONOMY', totalCharge: { amountMinor: expect.any(Number), currency: 'EUR' } });
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const expired = await quote(token.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
    expect(sim.stats().skyway).toMatchObject({ tokens: 2, quotes: 2 });
  });

  it('freightly: pages its services behind HTTP Basic auth', async () => {
    const { username, password } = sim.credentials.freightly;
    const page = (n: number) => fetch(`${sim.baseUrls.freightly}/api/rates?country=DE&zip=10115&weight_g=1200&dims=300x200x100&page=${n}&per_page=2`, {
      headers: { authorization: basic(username, password) },
    }).then((r) => r.json() as Promise<any>);
    const first = await page(1);
    expect(first.meta).toEqual({ page: 1, per_page: 2, total_pages: 2, next_page: 2 });
    expect(first.data).toHaveLength(2);
    const second = await page(2);
    expect(second.meta.next_page).toBeNull();
    expect(second.data[0]).toMatchObject({ code: 'air', days: '1-2' });
  });

  it('injects outages, errors, latency and rate limits at run time through the admin endpoint', async () => {
    const put = (carrier: string, faults: unknown) => fetch(`${sim.url}/admin/faults/${carrier}`, { method: 'PUT', body: JSON.stringify(faults) });
    expect((await put('parcelo', { outage: 'sometimes' })).status).toBe(400);
    expect((await put('parcelo', { errorRate: 2 })).status).toBe(400);
    expect((await put('parcelo', { outage: 'unavailable' })).status).toBe(200);
    expect((await parcelo()).status).toBe(503);
    await put('parcelo', { outage: 'reset' });
    await expect(parcelo()).rejects.toThrow();
    await put('parcelo', { outage: 'none', errorRate: 1 });
    expect((await parcelo()).status).toBe(500);
    await put('parcelo', { errorRate: 0, latencyMs: 150 });
    const started = performance.now();
    await parcelo();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await put('parcelo', { latencyMs: 0, rateLimit: { limit: 2, windowMs: 60_000, retryAfterSec: 7 } });
    expect((await parcelo()).status).toBe(200);
    expect((await parcelo()).status).toBe(200);
    const limited = await parcelo();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    const stats = (await (await fetch(`${sim.url}/admin/stats`)).json()) as any;
    expect(stats.parcelo.byStatus).toMatchObject({ 503: 1, 500: 1, 200: 3, 429: 1 });
    expect(stats.parcelo.requests).toBe(7);
    await fetch(`${sim.url}/admin/reset`, { method: 'POST' });
    expect(sim.faults('parcelo').rateLimit).toBeNull();
  });

  it('declines destinations and parcels a carrier does not serve with 422', async () => {
    const res = await fetch(`${sim.url}/parcelo/v1/rates?to_country=US&to_postal=10001&weight_g=1200&length_mm=300&width_mm=200&height_mm=100`, {
      headers: { 'x-api-key': sim.credentials.parcelo.apiKey },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: 'unsupported_destination' });
  });
});

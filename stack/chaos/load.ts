/** How long a chaos request may take before it counts as timed out. */
export const REQUEST_DEADLINE_MS = 10_000;

/** Outcome of one GraphQL request over HTTP. */
export type Outcome = 'ok' | 'graphql-error' | 'http-error' | 'connection' | 'timeout';

export interface RequestRecord {
  readonly kind: string;
  readonly gateway: string;
  readonly start: number;
  readonly end: number;
  readonly outcome: Outcome;
  /** `extensions.code` of every error (undefined for an error without one), or the connection error's code. */
  readonly codes: readonly (string | undefined)[];
  readonly data?: any;
}

/** A failed request is clean when it ended before the deadline with coded errors or a connection error. */
export const isClean = (r: RequestRecord) =>
  r.outcome === 'ok' || r.outcome === 'connection' || (r.outcome !== 'timeout' && r.codes.length > 0 && r.codes.every((c) => c !== undefined));

/** POSTs one operation, classifying how it ended; never throws and never outlives `deadlineMs`. */
export async function postGraphQL(
  gateway: string, url: string, kind: string, body: { query: string; variables?: Record<string, unknown> },
  options: { readonly deadlineMs: number; readonly token?: string },
): Promise<RequestRecord> {
  const start = Date.now();
  const done = (outcome: Outcome, codes: readonly (string | undefined)[] = [], data?: unknown): RequestRecord =>
    ({ kind, gateway, start, end: Date.now(), outcome, codes, data });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.deadlineMs),
    });
    const text = await res.text();
    let json: { data?: unknown; errors?: { extensions?: { code?: string } }[] } | undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const codes = (json?.errors ?? []).map((e) => e.extensions?.code);
    if (res.status !== 200) return done('http-error', codes.length > 0 ? codes : [undefined], json?.data);
    if (codes.length > 0) return done('graphql-error', codes, json?.data);
    if (!json || json.data === undefined) return done('http-error', [undefined]);
    return done('ok', [], json.data);
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return done('timeout');
    const cause = (error as { cause?: { code?: string } }).cause;
    return done('connection', [cause?.code ?? (error as Error).message]);
  }
}

/** Calls `tick(i)` `ratePerSecond` times a second (without waiting for it) until `stop()`; resolves once every call settled. */
export function atFixedRate(ratePerSecond: number, tick: (i: number) => Promise<unknown>): { stop(): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  const startedAt = Date.now();
  let i = 0;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    const due = Math.floor(((Date.now() - startedAt) / 1000) * ratePerSecond);
    while (i < due) {
      const p = tick(i++).finally(() => pending.delete(p));
      pending.add(p);
    }
  }, 20);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...pending]);
    },
  };
}

export const QUERIES = {
  product: `query Product($id: ID!) { product(id: $id) { id name price(currency: "EUR") { amount version } stock { available } } }`,
  products: `query Products { products(first: 10) { edges { node { id name price(currency: "EUR") { amount } stock { available } } } } }`,
  search: `query Search { search(filters: { price: { min: 0, max: 500000, currency: "EUR" }, inStock: true }, sort: PRICE_ASC, first: 10) {
    total edges { node { id name price(currency: "EUR") { amount } } } } }`,
  shipping: `query Quote($postalCode: String!, $productId: ID!) {
    shippingQuotes(destination: { country: "DE", postalCode: $postalCode }, items: [{ productId: $productId, quantity: 1 }]) {
      quotes { carrier amount { amount } } unavailableCarriers { carrier reason } } }`,
  setPrice: `mutation SetPrice($input: SetPriceInput!) { setPrice(input: $input) { amount version } }`,
  adjustStock: `mutation AdjustStock($input: AdjustStockInput!) { adjustStock(input: $input) { onHand version } }`,
} as const;


import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { API_KEY_HEADER } from '../../lib/auth/index.js';
import { ErrorCode } from '../../lib/errors/index.js';
import type { Metrics } from '../../lib/metrics/index.js';
import type { ClientKeys, EdgeClient } from './clientKeys.js';
import { RateLimited, rateLimitHeaders, type ClientRateLimiter, type RateState } from './rateLimits.js';
import { resolveTrustedDocuments, type TrustedDocuments } from './trustedDocuments.js';

/** What the edge established about one request: its client (when it sent a key) and where it stands in its budgets. */
export interface EdgeAdmission {
  readonly client: EdgeClient | undefined;
  /** Filled as the request is counted (requests, then cost): the `RateLimit` headers of the answer. */
  readonly rates: RateState[];
}

/** Options for {@link createEdge}. */
export interface EdgeOptions {
  readonly keys: ClientKeys;
  /** The clients' registered documents; without them, `documentId` finds nothing. */
  readonly documents?: TrustedDocuments;
  readonly limiter: ClientRateLimiter;
  /** Every request must name its client (`API_KEY_REQUIRED`). @default false */
  readonly requireKey?: boolean;
  readonly metrics?: Metrics;
}

/** The edge of the public API: clients by key, their rate limits, trusted documents (docs/edge.md). */
export interface Edge {
  /**
   * Runs before anything else sees a request (the HTTP server's `prepare`): admits it, then
   * puts each `documentId`'s registered text in place. Returns the body to run.
   */
  prepare(req: IncomingMessage, body: unknown): Promise<unknown>;
  /** What {@link prepare} established for the request (the context reads it). */
  admissionOf(req: IncomingMessage): EdgeAdmission | undefined;
  /** Names the request's client by its `X-Api-Key` and counts the request; throws the GraphQL error to answer with (401, 429, 503). */
  admit(headers: IncomingHttpHeaders): Promise<EdgeAdmission>;
  /** Counts an operation's estimated cost against its client; throws 429 RATE_LIMITED over the budget. */
  charge(admission: EdgeAdmission | undefined, cost: number): Promise<void>;
  /**
   * Counts a subscription against its client (over graphql-ws, SSE or multipart): one request,
   * and its estimated cost; throws RATE_LIMITED over either budget. A connection or stream
   * without a client is not counted.
   */
  chargeSubscription(admission: EdgeAdmission | undefined, cost: number): Promise<void>;
  /** Writes the `RateLimit` headers on every answer. */
  readonly plugin: ApolloServerPlugin<BaseContext & { readonly edge?: EdgeAdmission }>;
}

const refusal = (code: ErrorCode, status: number, message: string, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extensions, http: { status, headers: new HeaderMap(Object.entries(headers)) } } });

function rateLimited(error: RateLimited, rates: readonly RateState[]): GraphQLError {
  const { state } = error;
  return refusal(ErrorCode.RATE_LIMITED, 429, error.message,
    { limit: state.window, quota: state.quota, windowSeconds: state.windowSeconds, retryAfterSeconds: state.resetSeconds },
    { 'retry-after': String(state.resetSeconds), ...rateLimitHeaders([...rates.filter((r) => r.window !== state.window), state]) });
}

export function createEdge(options: EdgeOptions): Edge {
  const requests = options.metrics?.counter('gateway_client_requests_total', 'Requests per API client (`anonymous` without a key) and how the edge answered them', ['client', 'outcome']);
  const cost = options.metrics?.counter('gateway_client_cost_total', 'Estimated cost (@cost/@listSize) charged per API client', ['client']);

  const admissions = new WeakMap<IncomingMessage, EdgeAdmission>();
  const documents: TrustedDocuments = options.documents ?? { find: async () => undefined };

  async function clientOf(headers: IncomingHttpHeaders): Promise<EdgeClient | undefined> {
    const key: unknown = headers[API_KEY_HEADER];
    if (key === undefined || key === null || key === '') {
      if (!options.requireKey) return undefined;
      throw refusal(ErrorCode.API_KEY_REQUIRED, 401, `This API needs a client key: send it in the ${API_KEY_HEADER} header`);
    }
    // Two headers, or a connection_init value that is not a string.
    if (typeof key !== 'string') throw refusal(ErrorCode.INVALID_API_KEY, 401, `Send one ${API_KEY_HEADER} header, a string`);
    let client: EdgeClient | undefined;
    try {
      client = await options.keys.find(key);
    } catch {
      throw refusal(ErrorCode.SUBGRAPH_UNAVAILABLE, 503, 'API keys cannot be checked right now; retry shortly', { serviceName: 'clients' }, { 'retry-after': '1' });
    }
    if (!client) throw refusal(ErrorCode.INVALID_API_KEY, 401, `The ${API_KEY_HEADER} header names no live key`);
    return client;
  }

  /** Counts one request of the admission's client; throws 429 RATE_LIMITED over its requests per second. */
  async function countRequest(admission: EdgeAdmission & { client: EdgeClient }): Promise<void> {
    const { client } = admission;
    try {
      admission.rates.push(await options.limiter.admit(client));
    } catch (error) {
      if (!(error instanceof RateLimited)) throw error;
      requests?.inc({ client: client.id, outcome: 'rate_limited' });
      throw rateLimited(error, admission.rates);
    }
    requests?.inc({ client: client.id, outcome: 'admitted' });
  }

  async function charge(admission: EdgeAdmission | undefined, estimated: number): Promise<void> {
    const client = admission?.client;
    if (!client || estimated <= 0) return;
    try {
      admission.rates.push(await options.limiter.charge(client, estimated));
    } catch (error) {
      if (!(error instanceof RateLimited)) throw error;
      requests?.inc({ client: client.id, outcome: 'cost_limited' });
      admission.rates.push(error.state); // the answer's RateLimit fields say it
      throw rateLimited(error, admission.rates);
    }
    cost?.inc({ client: client.id }, estimated);
  }

  async function admit(headers: IncomingHttpHeaders): Promise<EdgeAdmission> {
    const client = await clientOf(headers);
    if (!client) {
      requests?.inc({ client: 'anonymous', outcome: 'admitted' });
      return { client, rates: [] };
    }
    const admission = { client, rates: [] };
    await countRequest(admission);
    return admission;
  }

  return {
    admit,

    async prepare(req, body) {
      const admission = await admit(req.headers);
      admissions.set(req, admission);
      return resolveTrustedDocuments(documents, admission.client, body);
    },

    admissionOf: (req) => admissions.get(req),

    charge,

    async chargeSubscription(admission, estimated) {
      if (!admission?.client) return;
      await countRequest(admission as EdgeAdmission & { client: EdgeClient });
      await charge(admission, estimated);
    },

    plugin: {
      async requestDidStart({ contextValue }) {
        return {
          async willSendResponse({ response }) {
            const rates = contextValue.edge?.rates;
            if (!rates?.length) return;
            for (const [name, value] of Object.entries(rateLimitHeaders(rates))) response.http.headers.set(name, value);
          },
        };
      },
    },
  };
}

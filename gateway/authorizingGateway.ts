import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import { context, propagation } from '@opentelemetry/api';
import { GraphQLError, Kind, print, type OperationDefinitionNode } from 'graphql';
import { ANONYMOUS, createAuthorizer, stripPlaceholders, type Authorizer, type AuthorizerOptions, type Identity } from '../lib/auth/index.js';
import type { Metrics } from '../lib/metrics/index.js';
import type { GatewayContext } from './GatewayContext.js';
import type { PlanningGateway } from './planning/index.js';

type LoadResult = Awaited<ReturnType<ApolloGateway['load']>>;
type Executor = LoadResult['executor'];

/** The gateway Apollo Server runs, plus the authorization it enforces (for graphql-ws subscriptions). */
export interface AuthorizingGateway extends Pick<ApolloGateway, 'load' | 'onSchemaLoadOrUpdate' | 'stop'> {
  /** The authorizer for the supergraph currently loaded (it follows schema updates). */
  authorizer(): Authorizer;
}

/**
 * Wraps @apollo/gateway so every operation is authorized before it is planned: fields the
 * caller may not see (`@authenticated`, `@requiresScopes`, and mutations by default) are
 * removed and reported as UNAUTHENTICATED/FORBIDDEN errors with their paths, the rest runs.
 * The filtered operation gets its own query hash, so cached query plans never mix callers.
 */
export function authorizingGateway(gateway: PlanningGateway, options: AuthorizerOptions = {}): AuthorizingGateway {
  let current: Authorizer | undefined;
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    current = createAuthorizer(coreSupergraphSdl, options);
  });
  const authorizer = () => {
    if (!current) throw new Error('no supergraph loaded yet');
    return current;
  };

  // Gateway spans (request, plan, fetch) continue the trace the client sent (`traceparent`).
  const traced = (executor: Executor): Executor => (requestContext) => {
    const carrier: Record<string, string> = {};
    for (const [key, value] of requestContext.request.http?.headers ?? []) carrier[key] = value;
    return context.with(propagation.extract(context.active(), carrier), () => executor(requestContext));
  };

  const authorizing = (executor: Executor): Executor => async (requestContext) => {
    if (!requestContext.operation) {
      // Apollo Server turns a returned (not thrown) error into OPERATION_RESOLUTION_FAILURE.
      const name = requestContext.request.operationName;
      return { errors: [new GraphQLError(name ? `Unknown operation named "${name}".` : 'Must provide an operation name when the document has several operations.')] };
    }
    const identity: Identity = (requestContext.context as Partial<GatewayContext>).identity ?? ANONYMOUS;
    const result = authorizer().authorize(requestContext.document, requestContext.request.operationName, identity);
    if (result.errors.length === 0) return executor(requestContext);
    if (result.empty) return { data: null, errors: [...result.errors] };
    const source = print(result.document);
    const operation = result.document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!requestContext.operationName || d.name?.value === requestContext.operationName),
    );
    const response = await executor({
      ...requestContext,
      source,
      document: result.document,
      queryHash: createHash('sha256').update(source).digest('hex'),
      ...(operation ? { operation } : {}),
    });
    stripPlaceholders(response.data);
    return { ...response, errors: [...result.errors, ...(response.errors ?? [])] };
  };

  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: authorizing(traced(loaded.executor)) };
    },
    authorizer,
  };
}

/**
 * Counts query-plan cache lookups (`gateway_query_plan_cache_total{result="hit"|"miss"}`)
 * by wrapping @apollo/gateway's plan store, which it does not expose; a no-op if that changes.
 */
export function instrumentQueryPlanCache(gateway: ApolloGateway, metrics: Metrics): void {
  const store = (gateway as unknown as { queryPlanStore?: { get(key: string): Promise<unknown> } }).queryPlanStore;
  if (!store || typeof store.get !== 'function') return;
  const lookups = metrics.counter('gateway_query_plan_cache_total', 'Query-plan cache lookups', ['result']);
  const get = store.get.bind(store);
  store.get = async (key) => {
    const plan = await get(key);
    lookups.inc({ result: plan ? 'hit' : 'miss' });
    return plan;
  };
}

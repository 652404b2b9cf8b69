import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Kind, validate, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type ValidationRule } from 'graphql';
import type { LimitsConfig } from '../config/index.js';
import { ErrorCode } from '../errors/index.js';
import type { Metrics } from '../metrics/index.js';
import { EMPTY_COST_MODEL, type CostModel } from './costModel.js';
import { actualCost, queryCost } from './queryCost.js';

/** A refused operation: `QUERY_LIMIT_EXCEEDED` (HTTP 400) naming the limit, its maximum and what was found. */
export const limitExceeded = (limit: string, max: number, actual: number | undefined, message: string) =>
  new GraphQLError(message, {
    extensions: { code: ErrorCode.QUERY_LIMIT_EXCEEDED, limit, max, ...(actual !== undefined ? { actual } : {}), http: { status: 400 } },
  });

/** A refusal by cost names the estimate and the limit also as `extensions.cost`, where Apollo's Router and Hive Gateway put them. */
const costRefusal = (max: number, estimated: number, message: string) => {
  const error = limitExceeded('cost', max, estimated, message);
  return new GraphQLError(error.message, { extensions: { ...error.extensions, cost: { estimated, max } } });
};

/** graphql-armor's messages end in "… limit of <max> exceeded, found <actual>." */
const FOUND = /found (\d+)/;

/**
 * Checks one operation against the depth, alias, directive and cost limits (what
 * {@link limitsPlugin} does for HTTP; graphql-ws subscriptions call it at subscribe time).
 * Returns the operation's cost, or the refusal.
 */
export interface OperationLimits {
  check(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>>,
  ): { readonly cost: number } | { readonly refusal: GraphQLError };
}

/** Where the cost directives come from. */
export interface CostSource {
  /** The `@cost`/`@listSize` of the supergraph in use (it follows hot reloads). @default none */
  readonly costModel?: () => CostModel;
}

const fragmentsOf = (document: DocumentNode) => {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return fragments;
};

/** graphql-armor's rules and {@link queryCost} with `limits`; shape checks are cached per document. */
export function createOperationLimits(limits: LimitsConfig, source: CostSource = {}): OperationLimits {
  const costModel = source.costModel ?? (() => EMPTY_COST_MODEL);
  // Depth, aliases and directives depend on the document alone, and Apollo Server reuses the
  // parsed document of a repeated query: check each document once.
  const checked = new WeakMap<DocumentNode, GraphQLError | null>();
  const armor = (limit: string, max: number, rule: (options: object) => ValidationRule) => {
    const entry = { limit, max } as { limit: string; max: number; error?: GraphQLError };
    return {
      entry,
      rule: rule({ n: max, exposeLimits: true, propagateOnRejection: false, onReject: [(_ctx: unknown, error: GraphQLError) => { entry.error ??= error; }] }),
    };
  };

  const shapeRefusal = (document: DocumentNode, schema: GraphQLSchema): GraphQLError | null => {
    const rules = [
      armor('depth', limits.maxDepth, maxDepthRule as (o: object) => ValidationRule),
      armor('aliases', limits.maxAliases, maxAliasesRule as (o: object) => ValidationRule),
      armor('directives', limits.maxDirectives, maxDirectivesRule as (o: object) => ValidationRule),
    ];
    validate(schema, document, rules.map((r) => r.rule));
    for (const { entry } of rules) {
      if (!entry.error) continue;
      const found = FOUND.exec(entry.error.message)?.[1];
      const message = entry.error.message.replace(/^Syntax Error: /, '');
      return limitExceeded(entry.limit, entry.max, found === undefined ? undefined : Number(found), message);
    }
    return null;
  };

  return {
    check(schema, document, operation, variables) {
      let refusal = checked.get(document);
      if (refusal === undefined) {
        refusal = shapeRefusal(document, schema);
        checked.set(document, refusal);
      }
      if (refusal) return { refusal: new GraphQLError(refusal.message, { extensions: refusal.extensions }) }; // a fresh error per request
      let cost: number;
      try {
        cost = queryCost(schema, operation, fragmentsOf(document), variables, { defaultListSize: limits.defaultListSize, model: costModel() });
      } catch (error) {
        if (error instanceof GraphQLError) return { refusal: error }; // a slicing argument missing: its size cannot be known
        throw error;
      }
      if (cost > limits.maxCost) return { refusal: costRefusal(limits.maxCost, cost, `Query cost limit of ${limits.maxCost} exceeded, found ${cost}.`) };
      return { cost };
    },
  };
}

/** Options for {@link limitsPlugin}. */
export interface LimitsPluginOptions extends CostSource {
  /** Where the estimated and actual costs of every operation are reported (`graphql_operation_cost`). */
  readonly metrics?: Metrics;
  /** Answers carry `extensions.cost: { estimated, actual, max }` (`QUERY_COST_IN_RESPONSE`). @default false */
  readonly costInResponse?: boolean;
  /** Sees each operation's estimate once it passed the limits, before planning; may refuse it by throwing (the edge's cost per minute). */
  readonly onEstimated?: (cost: number, context: BaseContext) => Promise<void>;
}

const COST_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 50_000];

/**
 * Refuses operations over the depth, alias, directive and cost limits once they are
 * resolved and before they execute, so no subgraph is called. Depth, aliases and
 * directives use graphql-armor's rules; cost is {@link queryCost} by the supergraph's
 * `@cost`/`@listSize` with the request's variables. The operations of one batched HTTP
 * request share one cost budget: ten operations of cost 1000 are refused from the sixth on.
 * Once an operation ran, its actual cost ({@link actualCost}) is reported beside the estimate.
 * (Tokens are limited by the parser: Apollo Server's `parseOptions.maxTokens`.)
 */
export function limitsPlugin(limits: LimitsConfig, options: LimitsPluginOptions = {}): ApolloServerPlugin<BaseContext> {
  const operationLimits = createOperationLimits(limits, options);
  const costModel = options.costModel ?? (() => EMPTY_COST_MODEL);
  const reported = options.metrics?.histogram('graphql_operation_cost', 'Cost of operations by the cost directives: estimated before planning, actual from the response', ['kind'], COST_BUCKETS);
  // Apollo Server shallow-copies the context for each operation of a batch; the operations
  // share the HTTP request's header map, so the budget is kept per header map.
  const spent = new WeakMap<object, number>();
  return {
    async requestDidStart() {
      let estimated: number | undefined;
      return {
        async didResolveOperation({ document, schema, operation, request, contextValue }) {
          if (!operation) return;
          const result = operationLimits.check(schema, document, operation, request.variables ?? {});
          if ('refusal' in result) throw result.refusal;
          const key = request.http?.headers;
          const total = (key ? spent.get(key) ?? 0 : 0) + result.cost;
          if (total > limits.maxCost) {
            throw costRefusal(limits.maxCost, total, `Query cost limit of ${limits.maxCost} exceeded by the operations of this request together, found ${total}.`);
          }
          if (key) spent.set(key, total);
          await options.onEstimated?.(result.cost, contextValue);
          estimated = result.cost;
        },
        async willSendResponse({ response, document, schema, operation }) {
          if (estimated === undefined || !operation || !document || response.body.kind !== 'single') return;
          const actual = actualCost(schema, operation, fragmentsOf(document), response.body.singleResult.data, { model: costModel() });
          reported?.observe({ kind: 'estimated' }, estimated);
          reported?.observe({ kind: 'actual' }, actual);
          if (options.costInResponse) {
            const result = response.body.singleResult;
            result.extensions = { ...result.extensions, cost: { estimated, actual, max: limits.maxCost } };
          }
        },
      };
    },
  };
}

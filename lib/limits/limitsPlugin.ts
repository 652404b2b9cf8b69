import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Kind, validate, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { LimitsConfig } from '../config/index.js';
import { ErrorCode } from '../errors/index.js';
import { queryCost } from './queryCost.js';

/** A refused operation: `QUERY_LIMIT_EXCEEDED` (HTTP 400) naming the limit, its maximum and what was found. */
export const limitExceeded = (limit: string, max: number, actual: number | undefined, message: string) =>
  new GraphQLError(message, {
    extensions: { code: ErrorCode.QUERY_LIMIT_EXCEEDED, limit, max, ...(actual !== undefined ? { actual } : {}), http: { status: 400 } },
  });

/** graphql-armor's messages end in "… limit of <max> exceeded, found <actual>." */
const FOUND = /found (\d+)/;

/**
 * Refuses operations over the depth, alias, directive and cost limits once they are
 * resolved and before they execute, so no subgraph is called. Depth, aliases and
 * directives use graphql-armor's rules; cost is {@link queryCost} with the request's
 * variables. (Tokens are limited by the parser: Apollo Server's `parseOptions.maxTokens`.)
 */
export function limitsPlugin(limits: LimitsConfig): ApolloServerPlugin<BaseContext> {
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
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, operation, request }) {
          if (!operation) return;
          let refusal = checked.get(document);
          if (refusal === undefined) {
            refusal = shapeRefusal(document, schema);
            checked.set(document, refusal);
          }
          if (refusal) throw new GraphQLError(refusal.message, { extensions: refusal.extensions }); // a fresh error per request
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
          const cost = queryCost(schema, operation, fragments, request.variables ?? {}, { defaultListSize: limits.defaultListSize });
          if (cost > limits.maxCost) {
            throw limitExceeded('cost', limits.maxCost, cost, `Query cost limit of ${limits.maxCost} exceeded, found ${cost}.`);
          }
        },
      };
    },
  };
}

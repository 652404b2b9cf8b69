import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import { Kind, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { aliasFieldsAgainstRequirements, requiredArgumentsOf, restoreResponseNames, type RequiredArguments } from './requiredArguments.js';
import { installPlanFixes } from './plannerSeam.js';
import { installResolvableRequireKeys } from './resolvableRequireKeys.js';
import { UnplannableOperationError } from './unplannableOperations.js';

/** What the gateway needs of @apollo/gateway (and what this hands on). */
export type PlanningGateway = Pick<ApolloGateway, 'load' | 'onSchemaLoadOrUpdate' | 'stop'>;
type Executor = Awaited<ReturnType<ApolloGateway['load']>>['executor'];

interface Prepared {
  readonly document: DocumentNode;
  readonly source: string;
  readonly queryHash: string;
  readonly renames: ReadonlyMap<string, string>;
}

/**
 * Closes four known query-planning gaps of @apollo/gateway 2.14 on any supergraph (the
 * federation audit's cases; `gateway/conformance.test.ts` has a fixture for each):
 * - a client field whose arguments differ from those an `@requires` gives the same field is
 *   aliased before planning, so the planner cannot merge the two, and named back after;
 * - two `@requires` of one entity needing one field with different arguments: the plan fetches
 *   both values and splits the requiring fetch, one per value (`requirementConflicts.ts`);
 * - after an `@requires`, the entity goes back under a resolvable key of the requiring subgraph;
 * - an operation the planner finds no way to fetch is an `OPERATION_NOT_PLANNABLE` error, not a
 *   silent null.
 */
export function closingPlannerGaps(gateway: PlanningGateway): PlanningGateway {
  installResolvableRequireKeys();
  installPlanFixes();
  let required: RequiredArguments = new Map();
  let prepared = new WeakMap<DocumentNode, Prepared | null>();
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    required = requiredArgumentsOf(coreSupergraphSdl);
    prepared = new WeakMap();
  });
  const prepare = (document: DocumentNode): Prepared | null => {
    let done = prepared.get(document);
    if (done === undefined) {
      const aliased = aliasFieldsAgainstRequirements(document, required);
      const source = aliased && print(aliased.document);
      done = aliased && source ? { ...aliased, source, queryHash: createHash('sha256').update(source).digest('hex') } : null;
      prepared.set(document, done);
    }
    return done;
  };

  // Operations found unplannable, by query hash and name: answered again without planning again
  // (Apollo caches plans, not failures, and planning is a gateway's costliest step). Bounded.
  let unplannable = new Set<string>();
  gateway.onSchemaLoadOrUpdate(() => void (unplannable = new Set()));

  const closing = (executor: Executor): Executor => async (requestContext) => {
    const aliased = prepare(requestContext.document);
    const name = requestContext.request.operationName;
    const context = aliased ? {
      ...requestContext, document: aliased.document, source: aliased.source, queryHash: aliased.queryHash,
      operation: aliased.document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!name || d.name?.value === name),
      ) ?? requestContext.operation,
    } : requestContext;
    const key = `${context.queryHash}\n${name ?? ''}`;
    if (unplannable.has(key)) return { errors: [new UnplannableOperationError()] };
    try {
      const response = await executor(context);
      return aliased ? restoreResponseNames(response, aliased.renames) : response;
    } catch (error) {
      if (!(error instanceof UnplannableOperationError)) throw error;
      if (unplannable.size >= 1000) unplannable.clear();
      unplannable.add(key);
      return { errors: [error] };
    }
  };

  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: closing(loaded.executor) };
    },
  };
}

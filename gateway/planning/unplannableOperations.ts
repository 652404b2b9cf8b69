import { createRequire } from 'node:module';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors/index.js';

const require = createRequire(import.meta.url);

interface Selection {
  readonly kind: string;
  readonly element: { readonly name?: string; readonly appliedDirectives: readonly unknown[] };
  readonly selectionSet?: SelectionSet;
}
interface SelectionSet { selections(): readonly Selection[] }
interface Planner { buildQueryPlan(operation: { readonly selectionSet: SelectionSet }, options?: unknown): { readonly node?: unknown } }

/** Thrown by the planner when it finds no way to fetch an operation; the gateway answers it as a GraphQL error. */
export class UnplannableOperationError extends GraphQLError {
  constructor() {
    super('The supergraph cannot answer this operation: no subgraph path reaches its fields (the query planner found none).', {
      extensions: { code: ErrorCode.OPERATION_NOT_PLANNABLE },
    });
  }
}

let installed: boolean | undefined;

/**
 * When no subgraph can reach a field (say an interface's field that only a non-resolvable
 * `@interfaceObject` adds), @apollo/query-planner (2.14) returns an empty plan, and the gateway
 * would answer `{ a: null }` without a word. This makes such a plan an
 * {@link UnplannableOperationError}. An empty plan stays valid for operations that select only
 * introspection (`__typename`, `__schema`, `__type`) or fields under a directive (`@skip(if: true)`
 * rightly leaves nothing to fetch). Idempotent; false when the seam is not there.
 */
export function installUnplannableOperationCheck(): boolean {
  if (installed !== undefined) return installed;
  const { QueryPlanner } = require('@apollo/query-planner') as { QueryPlanner?: { prototype: Planner } };
  const build = QueryPlanner?.prototype.buildQueryPlan;
  if (!QueryPlanner || typeof build !== 'function') return (installed = false);
  QueryPlanner.prototype.buildQueryPlan = function buildQueryPlan(this: Planner, operation, options) {
    const plan = build.call(this, operation, options);
    if (plan.node === undefined && selectsSubgraphData(operation.selectionSet)) throw new UnplannableOperationError();
    return plan;
  };
  return (installed = true);
}

function selectsSubgraphData(selectionSet: SelectionSet): boolean {
  for (const selection of selectionSet.selections()) {
    if (selection.element.appliedDirectives.length > 0) continue;
    if (selection.kind === 'FieldSelection') {
      if (!selection.element.name?.startsWith('__')) return true;
    } else if (selection.selectionSet && selectsSubgraphData(selection.selectionSet)) {
      return true;
    }
  }
  return false;
}

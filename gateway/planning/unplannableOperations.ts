import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors/index.js';

interface Selection {
  readonly kind: string;
  readonly element: { readonly name?: string; readonly appliedDirectives: readonly unknown[] };
  readonly selectionSet?: SelectionSet;
}
export interface SelectionSet { selections(): readonly Selection[] }

/** Thrown by the planner when it finds no way to fetch an operation; the gateway answers it as a GraphQL error. */
export class UnplannableOperationError extends GraphQLError {
  constructor() {
    super('The supergraph cannot answer this operation: no subgraph path reaches its fields (the query planner found none).', {
      extensions: { code: ErrorCode.OPERATION_NOT_PLANNABLE },
    });
  }
}

/**
 * When no subgraph can reach a field (say an interface's field that only a non-resolvable
 * `@interfaceObject` adds), @apollo/query-planner (2.14) returns an empty plan, and the gateway
 * would answer `{ a: null }` without a word. Throws {@link UnplannableOperationError} for such a
 * plan. An empty plan stays valid for operations that select only introspection (`__typename`,
 * `__schema`, `__type`) or fields under a directive (`@skip(if: true)` rightly leaves nothing to fetch).
 */
export function checkPlanned(operation: { readonly selectionSet: SelectionSet }, plan: { readonly node?: unknown }): void {
  if (plan.node === undefined && selectsSubgraphData(operation.selectionSet)) throw new UnplannableOperationError();
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

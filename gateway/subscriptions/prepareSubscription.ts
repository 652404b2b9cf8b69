import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  print,
  validate,
  visit,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { SubscriptionLimits } from '../../lib/config/index.js';
import { badUserInput, ErrorCode, userError } from '../../lib/errors/index.js';
import { assertProductId } from '../../lib/validation/index.js';
import { SUBSCRIPTION_FIELDS, type SubscriptionField } from './subscriptionFields.js';

/** What a client sent in a graphql-ws `subscribe` message. */
export interface SubscribePayload {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: Record<string, unknown> | null;
}

/** A subscription that passed every check, ready for the hub. */
export interface PreparedSubscription {
  readonly field: SubscriptionField;
  readonly document: DocumentNode;
  readonly operationName: string | undefined;
  /** The raw variables, as sent. */
  readonly variables: Record<string, unknown>;
  readonly productIds: readonly string[];
  /** stockChanged only: deliver changes in this warehouse alone. */
  readonly warehouseId: string | undefined;
  /**
   * Subscriptions with equal keys get byte-identical payloads for an event, so each event
   * is resolved once per key: the document without the root field's arguments, plus the
   * values of the variables still used once those arguments are gone.
   */
  readonly groupKey: string;
}

/**
 * Parses and validates a subscription against the API schema and checks its limits. Returns
 * the errors a client should see (each with a registered code) instead of throwing.
 */
export function prepareSubscription(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  limits: Pick<SubscriptionLimits, 'maxProductIds'>,
): PreparedSubscription | readonly GraphQLError[] {
  if (typeof payload?.query !== 'string') return [userError(ErrorCode.BAD_REQUEST, 'The subscribe message needs a `query` string')];
  const parsed = parseAndValidate(schema, payload.query);
  if (Array.isArray(parsed)) return parsed;
  const document = parsed as DocumentNode;
  const operationName = payload.operationName ?? undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) return [userError(ErrorCode.OPERATION_RESOLUTION_FAILURE, 'Unable to identify the operation to run; name it with operationName')];
  if (operation.operation !== 'subscription') {
    return [userError(ErrorCode.OPERATION_NOT_SUPPORTED, `Only subscriptions are served over WebSocket; send ${operation.operation === 'query' ? 'queries' : 'mutations'} over HTTP`)];
  }
  const variables = payload.variables ?? {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return coerced.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: ErrorCode.BAD_USER_INPUT } }));

  // Validation guarantees one root field (no fragments at the root of a subscription in practice;
  // spreads are resolved below).
  const root = rootField(operation, document);
  const field = root.name.value as SubscriptionField;
  const definition = schema.getSubscriptionType()?.getFields()[field];
  if (!definition || !(field in SUBSCRIPTION_FIELDS)) {
    return [userError(ErrorCode.GRAPHQL_VALIDATION_FAILED, `The gateway does not serve the subscription field ${root.name.value}`)];
  }
  const args = getArgumentValues(definition, root, coerced.coerced) as { productIds: string[]; warehouseId?: string | null };
  const productIds = [...new Set(args.productIds)];
  if (productIds.length === 0) return [badUserInput('productIds must name at least one product', 'productIds')];
  if (productIds.length > limits.maxProductIds) {
    return [userError(ErrorCode.TOO_MANY_PRODUCT_IDS, `productIds names ${productIds.length} products; at most ${limits.maxProductIds} are allowed per subscription`, { max: limits.maxProductIds })];
  }
  try {
    for (const id of productIds) assertProductId(id, 'productIds');
  } catch (error) {
    return [error as GraphQLError];
  }
  return {
    field,
    document,
    operationName,
    variables,
    productIds,
    warehouseId: args.warehouseId ?? undefined,
    groupKey: groupKeyOf(field, document, operation, root, coerced.coerced),
  };
}

const MAX_CACHED_DOCUMENTS = 1000;
const documents = new WeakMap<GraphQLSchema, Map<string, DocumentNode | readonly GraphQLError[]>>();

/**
 * Parses and validates once per distinct query text and schema (most subscribers send the same
 * few documents), so subscribers share one DocumentNode. Keeps the last 1000 texts.
 */
function parseAndValidate(schema: GraphQLSchema, query: string): DocumentNode | readonly GraphQLError[] {
  let cache = documents.get(schema);
  if (!cache) documents.set(schema, (cache = new Map()));
  const cached = cache.get(query);
  if (cached) return cached;
  let result: DocumentNode | readonly GraphQLError[];
  try {
    const document = parse(query);
    const invalid = validate(schema, document);
    result = invalid.length === 0
      ? document
      : invalid.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } }));
  } catch (error) {
    result = [userError(ErrorCode.GRAPHQL_PARSE_FAILED, (error as GraphQLError).message)];
  }
  if (cache.size >= MAX_CACHED_DOCUMENTS) cache.delete(cache.keys().next().value!);
  cache.set(query, result);
  return result;
}

function rootField(operation: OperationDefinitionNode, document: DocumentNode): FieldNode {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const find = (selections: OperationDefinitionNode['selectionSet']['selections']): FieldNode | undefined => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD && !selection.name.value.startsWith('__')) return selection;
      const nested = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value)?.selectionSet : undefined;
      const found = nested && find(nested.selections);
      if (found) return found;
    }
    return undefined;
  };
  return find(operation.selectionSet.selections)!;
}

const shapes = new WeakMap<OperationDefinitionNode, { printed: string; used: readonly string[] }>();

function groupKeyOf(field: string, document: DocumentNode, operation: OperationDefinitionNode, root: FieldNode, values: Record<string, unknown>): string {
  let shape = shapes.get(operation);
  if (!shape) {
    // Only this operation and the fragments matter; drop the root field's arguments (they
    // only filter which events arrive) and the variable definitions (their values are keyed below).
    const stripped = visit(
      { kind: Kind.DOCUMENT, definitions: document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION) },
      {
        OperationDefinition: (node) => ({ ...node, variableDefinitions: [] }),
        Field: (node) => (node === root ? { ...node, arguments: [] } : undefined),
      },
    );
    const used = new Set<string>();
    visit(stripped, { Variable: (node) => void used.add(node.name.value) });
    shape = { printed: print(stripped), used: [...used].sort() };
    shapes.set(operation, shape);
  }
  return `${field}\n${shape.printed}\n${JSON.stringify(shape.used.map((name) => [name, values[name]]))}`;
}

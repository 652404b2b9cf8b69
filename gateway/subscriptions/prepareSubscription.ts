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
import type { OperationLimits } from '../../lib/limits/index.js';
import { SUBSCRIPTION_FIELDS, type FieldArguments, type SubscriptionField } from './subscriptionFields.js';

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
  /** The event subjects it follows: product ids, or an order id. */
  readonly subjects: readonly string[];
  /** The root field's arguments (stockChanged's `warehouseId` filters which events arrive). */
  readonly args: FieldArguments;
  /**
   * Subscriptions with equal keys get byte-identical payloads for an event, so each event
   * is resolved once per key: the document without the root field's arguments, plus the
   * values of the variables still used once those arguments are gone.
   */
  readonly groupKey: string;
  /** The operation's query cost (0 when no operation limits were given). */
  readonly cost: number;
}

/** The HTTP limits, applied at subscribe time: what {@link prepareSubscription} checks besides its own. */
export interface SubscriptionDocumentLimits {
  /** Depth, aliases, directives and cost, as for HTTP operations. */
  readonly operation?: OperationLimits;
  /** The parser stops after this many tokens (`MAX_QUERY_TOKENS`). */
  readonly maxTokens?: number;
}

/**
 * Parses and validates a subscription against the API schema and checks its limits: the
 * subscription's own and, when given, the same token, depth, alias, directive and cost
 * limits as HTTP operations. Returns the errors a client should see (each with a registered
 * code) instead of throwing.
 */
export function prepareSubscription(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  limits: Pick<SubscriptionLimits, 'maxProductIds'>,
  documentLimits: SubscriptionDocumentLimits = {},
): PreparedSubscription | readonly GraphQLError[] {
  if (typeof payload?.query !== 'string') return [userError(ErrorCode.BAD_REQUEST, 'The subscribe message needs a `query` string')];
  const parsed = parseAndValidate(schema, payload.query, documentLimits.maxTokens);
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
  const checked = documentLimits.operation?.check(schema, document, operation, coerced.coerced) ?? { cost: 0 };
  if ('refusal' in checked) return [checked.refusal];

  // Validation guarantees one root field (no fragments at the root of a subscription in practice;
  // spreads are resolved below).
  const root = rootField(operation, document);
  const field = root.name.value as SubscriptionField;
  const definition = schema.getSubscriptionType()?.getFields()[field];
  if (!definition || !(field in SUBSCRIPTION_FIELDS)) {
    return [userError(ErrorCode.GRAPHQL_VALIDATION_FAILED, `The gateway does not serve the subscription field ${root.name.value}`)];
  }
  const args = getArgumentValues(definition, root, coerced.coerced) as FieldArguments;
  if (args.productIds) {
    const distinct = new Set(args.productIds).size;
    if (distinct === 0) return [badUserInput('productIds must name at least one product', 'productIds')];
    if (distinct > limits.maxProductIds) {
      return [userError(ErrorCode.TOO_MANY_PRODUCT_IDS, `productIds names ${distinct} products; at most ${limits.maxProductIds} are allowed per subscription`, { max: limits.maxProductIds })];
    }
  }
  let subjects: string[];
  try {
    subjects = SUBSCRIPTION_FIELDS[field].subjects(args);
  } catch (error) {
    return [error as GraphQLError];
  }
  return {
    field,
    document,
    operationName,
    variables,
    subjects,
    args,
    groupKey: groupKeyOf(field, document, operation, root, coerced.coerced),
    cost: checked.cost,
  };
}

/** Total query text the parse cache holds per schema, in UTF-16 code units (about 2 bytes each). */
const MAX_CACHED_TEXT = 2 * 1024 * 1024;
/** Longer documents are parsed every time instead of being cached. */
const MAX_CACHED_DOCUMENT = 64 * 1024;

interface DocumentCache {
  readonly entries: Map<string, DocumentNode | readonly GraphQLError[]>;
  size: number;
}
const documents = new WeakMap<GraphQLSchema, DocumentCache>();

/**
 * Parses and validates once per distinct query text and schema (most subscribers send the same
 * few documents), so subscribers share one DocumentNode. The cache is bounded by the length of
 * the texts it holds (documents over 64 Ki characters are not kept), least recently added
 * first out, so large distinct documents cannot pin memory.
 */
function parseAndValidate(schema: GraphQLSchema, query: string, maxTokens: number | undefined): DocumentNode | readonly GraphQLError[] {
  let cache = documents.get(schema);
  if (!cache) documents.set(schema, (cache = { entries: new Map(), size: 0 }));
  const cached = cache.entries.get(query);
  if (cached) return cached;
  let result: DocumentNode | readonly GraphQLError[];
  try {
    const document = parse(query, maxTokens === undefined ? {} : { maxTokens });
    const invalid = validate(schema, document);
    result = invalid.length === 0
      ? document
      : invalid.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } }));
  } catch (error) {
    result = [userError(ErrorCode.GRAPHQL_PARSE_FAILED, (error as GraphQLError).message)];
  }
  if (query.length > MAX_CACHED_DOCUMENT) return result;
  while (cache.size + query.length > MAX_CACHED_TEXT) {
    const oldest = cache.entries.keys().next().value!;
    cache.entries.delete(oldest);
    cache.size -= oldest.length;
  }
  cache.entries.set(query, result);
  cache.size += query.length;
  return result;
}

/** The characters of query text the parse cache holds for `schema` (for tests). */
export const cachedDocumentText = (schema: GraphQLSchema): number => documents.get(schema)?.size ?? 0;

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

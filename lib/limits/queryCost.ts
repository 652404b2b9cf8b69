import {
  getNamedType, getNullableType, GraphQLError, isLeafType, isListType, isObjectType, isInterfaceType, Kind, valueFromAST,
  type ArgumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '../errors/index.js';
import { EMPTY_COST_MODEL, type CostModel, type ListSize } from './costModel.js';

/** Options for {@link queryCost} and {@link actualCost}. */
export interface CostOptions {
  /** The size of a list that neither `@listSize` nor a slicing argument sizes. */
  readonly defaultListSize: number;
  /** The supergraph's `@cost` and `@listSize` ({@link readCostModel}). @default none */
  readonly model?: CostModel;
}

/** What a mutation's root field costs without a `@cost` of its own (writes are dearer than reads, as Apollo's Router counts them). */
export const MUTATION_FIELD_COST = 10;

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;
type Variables = Readonly<Record<string, unknown>>;

/**
 * The cost of one resolution of `field` itself, before its children: `@cost` on the field, else
 * on its type, else 1 for an object (10 for a mutation's root field) and 0 for a leaf; plus
 * the `@cost` of every argument given.
 */
function ownCost(model: CostModel, parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>, node: FieldNode, isMutationRoot: boolean): number {
  const coordinate = `${parent.name}.${field.name}`;
  const named = getNamedType(field.type);
  let cost = model.fieldWeights.get(coordinate) ?? model.typeWeights.get(named.name) ?? (isLeafType(named) ? 0 : 1);
  if (isMutationRoot && !model.fieldWeights.has(coordinate)) cost = Math.max(cost, MUTATION_FIELD_COST);
  for (const arg of node.arguments ?? []) cost += model.argumentWeights.get(`${coordinate}(${arg.name.value}:)`) ?? 0;
  return cost;
}

/** The size `@listSize` gives: the largest slicing argument (given, from a variable or the schema default), else the assumed size. */
function slicedSize(listSize: ListSize, field: GraphQLField<unknown, unknown>, args: readonly ArgumentNode[] | undefined, variables: Variables, path: string): number | undefined {
  let size: number | undefined;
  let given = 0;
  for (const name of listSize.slicingArguments) {
    const definition = field.args.find((a) => a.name === name);
    if (!definition) continue;
    const node = args?.find((a) => a.name.value === name);
    const value = node ? valueFromAST(node.value, definition.type, variables as Record<string, unknown>) : definition.defaultValue;
    if (node && value !== null && value !== undefined) given++;
    if (typeof value === 'number' && Number.isFinite(value)) size = Math.max(size ?? 0, value);
  }
  if (listSize.requireOneSlicingArgument && listSize.slicingArguments.length > 0 && given !== 1) {
    throw new GraphQLError(`${path} needs exactly one of ${listSize.slicingArguments.join(', ')}, so its cost can be known`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, field: path, http: { status: 400 } },
    });
  }
  return size ?? listSize.assumedSize;
}

/**
 * The estimated cost of an operation by the IBM GraphQL Cost Directives specification (as
 * Apollo's Router and Hive Gateway read it), before anything runs: every object a field
 * returns costs its `@cost` weight (1 by default; a mutation's root field 10), leaves their
 * weight (0 by default), arguments with a `@cost` their weight; a list multiplies its items
 * by its size, taken from `@listSize` (the slicing argument's value, else `assumedSize`) or
 * else `defaultListSize`. A field whose `@listSize` names `sizedFields` (a connection) sizes
 * those lists below it (`edges`) instead. Fragments count like inline selections (memoized).
 * A field with `requireOneSlicingArgument` and not exactly one slicing argument is refused
 * (BAD_USER_INPUT): its size could not be known.
 */
export function queryCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments, variables: Variables, options: CostOptions): number {
  const model = options.model ?? EMPTY_COST_MODEL;
  const mutationType = schema.getMutationType();
  const fragmentCosts = new Map<string, number>();
  const costOf = (selectionSet: SelectionSetNode, type: GraphQLNamedType | undefined | null, sized: ReadonlyMap<string, number>, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__') || !type || !(isObjectType(type) || isInterfaceType(type))) continue;
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        const coordinate = `${type.name}.${field.name}`;
        const listSize = model.listSizes.get(coordinate);
        const size = listSize ? slicedSize(listSize, field, selection.arguments, variables, coordinate) : undefined;
        const sizesChildren = listSize !== undefined && listSize.sizedFields.length > 0;
        const isList = isListType(getNullableType(field.type));
        const multiplier = isList ? (sized.get(field.name) ?? (sizesChildren ? undefined : size) ?? options.defaultListSize) : 1;
        const childSizes = sizesChildren && size !== undefined ? new Map(listSize.sizedFields.map((name) => [name, size])) : new Map<string, number>();
        const children = selection.selectionSet ? costOf(selection.selectionSet, getNamedType(field.type), childSizes, seen) : 0;
        total += multiplier * (ownCost(model, type, field, selection, type === mutationType) + children);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        total += costOf(selection.selectionSet, narrowed, sized, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const key = `${fragment.name.value}:${[...sized].join()}`;
        let cost = fragmentCosts.get(key);
        if (cost === undefined) {
          cost = costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), sized, new Set([...seen, fragment.name.value]));
          fragmentCosts.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  };
  return costOf(operation.selectionSet, rootType(schema, operation), new Map(), new Set());
}

/** One field of a compiled selection: where its value is, what one resolution costs, and its own selection. */
interface FieldPlan {
  readonly key: string;
  readonly own: number;
  readonly leaf: boolean;
  readonly children: readonly FieldPlan[];
}

// Compiled once per operation and cost model: walking a response is then property reads only.
const plans = new WeakMap<CostModel, WeakMap<OperationDefinitionNode, readonly FieldPlan[]>>();

function compile(schema: GraphQLSchema, model: CostModel, fragments: Fragments, selectionSet: SelectionSetNode, type: GraphQLNamedType | undefined | null, seen: ReadonlySet<string>): FieldPlan[] {
  const out: FieldPlan[] = [];
  const mutationType = schema.getMutationType();
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__') || !type || !(isObjectType(type) || isInterfaceType(type))) continue;
      const field = type.getFields()[selection.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      out.push({
        key: selection.alias?.value ?? selection.name.value,
        own: ownCost(model, type, field, selection, type === mutationType),
        leaf: isLeafType(named),
        children: selection.selectionSet ? compile(schema, model, fragments, selection.selectionSet, named, seen) : [],
      });
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : undefined;
      if (selection.kind === Kind.FRAGMENT_SPREAD && (!fragment || seen.has(fragment.name.value))) continue;
      const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : fragment!.typeCondition.name.value;
      const narrowed = condition ? schema.getType(condition) : type;
      // A fragment on another object type than this field's cannot apply to its values.
      if (narrowed && type && isObjectType(narrowed) && isObjectType(type) && narrowed !== type) continue;
      const body = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragment!.selectionSet;
      out.push(...compile(schema, model, fragments, body, narrowed && isObjectType(type) ? type : narrowed, fragment ? new Set([...seen, fragment.name.value]) : seen));
    }
  }
  return out;
}

function walk(object: Readonly<Record<string, unknown>>, fields: readonly FieldPlan[]): number {
  let total = 0;
  for (const field of fields) {
    const value = object[field.key];
    if (value === null || value === undefined) continue;
    total += field.leaf ? field.own * (Array.isArray(value) ? value.length : 1) : items(value, field);
  }
  return total;
}

const items = (value: unknown, field: FieldPlan): number => {
  if (value === null || value === undefined || typeof value !== 'object') return 0;
  if (!Array.isArray(value)) return field.own + walk(value as Record<string, unknown>, field.children);
  let total = 0;
  for (const item of value) total += items(item, field);
  return total;
};

/**
 * The actual cost of an operation once it ran: the same weights as {@link queryCost}, over the
 * objects and list items `data` holds (a null or missing value costs nothing, a list what it
 * returned). What a refusal could not know; compared with the estimate it shows how well the
 * `@listSize` figures fit. The operation is compiled once (per cost model), so this is a
 * walk of the response: it runs after every operation. (Over an abstract type it counts every
 * fragment's fields the object has: `__typename` is not required.)
 */
export function actualCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments, data: unknown, options: Pick<CostOptions, 'model'>): number {
  if (data === null || typeof data !== 'object') return 0;
  const model = options.model ?? EMPTY_COST_MODEL;
  let byOperation = plans.get(model);
  if (!byOperation) plans.set(model, (byOperation = new WeakMap()));
  let plan = byOperation.get(operation);
  if (!plan) byOperation.set(operation, (plan = compile(schema, model, fragments, operation.selectionSet, rootType(schema, operation), new Set())));
  return walk(data as Record<string, unknown>, plan);
}

const rootType = (schema: GraphQLSchema, operation: OperationDefinitionNode) =>
  operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();

import {
  getNamedType, getNullableType, isLeafType, isListType, isObjectType, isInterfaceType, Kind, valueFromAST,
  type ArgumentNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLNamedType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/** Options for {@link queryCost}. */
export interface CostOptions {
  /** Assumed length of a list whose size no argument gives. */
  readonly defaultListSize: number;
  /** Arguments that bound a list's length. @default ['first', 'last', 'limit'] */
  readonly sizeArguments?: readonly string[];
  /**
   * Extra cost of each resolution of a field, by coordinate (`Type.field`): fields that call
   * external APIs cost what those calls are worth, not one object. @default {@link EXTERNAL_CALL_FIELDS} at `externalCallCost`
   */
  readonly fieldCosts?: ReadonlyMap<string, number>;
}

/**
 * Fields whose every resolution calls external APIs (the shipping carriers, each quote one
 * call per carrier): their cost is weighted by `LimitsConfig.externalCallCost`.
 */
export const EXTERNAL_CALL_FIELDS: readonly string[] = ['Product.shippingEstimate', 'Query.shippingQuotes'];

/** {@link CostOptions.fieldCosts} for {@link EXTERNAL_CALL_FIELDS} at `cost` each. */
export const externalCallCosts = (cost: number): ReadonlyMap<string, number> => new Map(EXTERNAL_CALL_FIELDS.map((coordinate) => [coordinate, cost]));

/**
 * An upper estimate of the objects an operation fetches: every object-typed field costs 1,
 * scalars cost 0, and a list multiplies its items' cost by its size, taken from a `first`
 * argument (its value, the variable's value or the schema default) or else `defaultListSize`.
 * A sized field that is not itself a list (a connection) sizes the first list below it (`edges`).
 * Fields named in `fieldCosts` add their weight each time they resolve, leaf or not.
 */
export function queryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Readonly<Record<string, unknown>>,
  options: CostOptions,
): number {
  const sizeArguments = options.sizeArguments ?? ['first', 'last', 'limit'];

  const sizeOf = (field: GraphQLField<unknown, unknown>, args: readonly ArgumentNode[] | undefined): number | undefined => {
    for (const name of sizeArguments) {
      const definition = field.args.find((a) => a.name === name);
      if (!definition) continue;
      const node = args?.find((a) => a.name.value === name);
      const value = node ? valueFromAST(node.value, definition.type, variables as Record<string, unknown>) : definition.defaultValue;
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value);
    }
    return undefined;
  };

  // Fragment costs are memoized, so fragments spread many times at many levels cost linear time.
  const fragmentCosts = new Map<string, number>();
  const costOf = (selectionSet: SelectionSetNode, type: GraphQLNamedType | undefined | null, pendingSize: number | undefined, seen: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__') || !type || !(isObjectType(type) || isInterfaceType(type))) continue;
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        const named = getNamedType(field.type);
        const extra = options.fieldCosts?.get(`${type.name}.${field.name}`) ?? 0;
        const isList = isListType(getNullableType(field.type));
        if (isLeafType(named)) {
          total += extra * (isList ? (pendingSize ?? options.defaultListSize) : 1);
          continue;
        }
        const size = sizeOf(field, selection.arguments);
        const multiplier = isList ? (size ?? pendingSize ?? options.defaultListSize) : 1;
        const childPending = isList ? undefined : size;
        const children = selection.selectionSet ? costOf(selection.selectionSet, named, childPending, seen) : 0;
        total += multiplier * (1 + extra + children);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const narrowed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        total += costOf(selection.selectionSet, narrowed, pendingSize, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const key = `${fragment.name.value}:${pendingSize ?? ''}`;
        let cost = fragmentCosts.get(key);
        if (cost === undefined) {
          cost = costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), pendingSize, new Set([...seen, fragment.name.value]));
          fragmentCosts.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  return costOf(operation.selectionSet, root, undefined, new Set());
}

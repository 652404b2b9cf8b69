import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type DefinitionNode, type FieldDefinitionNode } from 'graphql';

/** `@listSize` of one field (IBM GraphQL Cost Directives specification). */
export interface ListSize {
  /** The size of the list when no slicing argument gives it. */
  readonly assumedSize?: number;
  /** Arguments whose value is the list's size (the largest of those given). */
  readonly slicingArguments: readonly string[];
  /** Lists of the field's type the slicing arguments size (a connection's `edges`), instead of the field itself. */
  readonly sizedFields: readonly string[];
  /** Exactly one slicing argument must be given. */
  readonly requireOneSlicingArgument: boolean;
}

/**
 * The cost directives of a supergraph: what `@cost` and `@listSize` say, by schema
 * coordinate. Read from the supergraph SDL (the API schema the gateway executes has no
 * directives), once per supergraph.
 */
export interface CostModel {
  /** `@cost(weight:)` on a field (`Type.field`): the field's own cost instead of its type's. */
  readonly fieldWeights: ReadonlyMap<string, number>;
  /** `@cost(weight:)` on an object, scalar or enum: what a field of that type costs. */
  readonly typeWeights: ReadonlyMap<string, number>;
  /** `@cost(weight:)` on an argument (`Type.field(arg:)`): added when the argument is given. */
  readonly argumentWeights: ReadonlyMap<string, number>;
  /** `@listSize` by field (`Type.field`). */
  readonly listSizes: ReadonlyMap<string, ListSize>;
}

/** No directives: every object costs 1, leaves 0, lists the default size. */
export const EMPTY_COST_MODEL: CostModel = { fieldWeights: new Map(), typeWeights: new Map(), argumentWeights: new Map(), listSizes: new Map() };

const directive = (node: { readonly directives?: readonly ConstDirectiveNode[] }, name: string) => node.directives?.find((d) => d.name.value === name);
const argument = (node: ConstDirectiveNode, name: string): unknown => {
  const arg = node.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value) : undefined;
};
const weightOf = (node: { readonly directives?: readonly ConstDirectiveNode[] }): number | undefined => {
  const cost = directive(node, 'cost');
  if (!cost) return undefined;
  const weight = Number(argument(cost, 'weight')); // Int in Apollo's and Hive's definition, String in the IBM draft
  return Number.isFinite(weight) ? weight : undefined;
};
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Reads `@cost` and `@listSize` from a supergraph (or any SDL that applies them under those names). */
export function readCostModel(supergraphSdl: string): CostModel {
  const fieldWeights = new Map<string, number>();
  const typeWeights = new Map<string, number>();
  const argumentWeights = new Map<string, number>();
  const listSizes = new Map<string, ListSize>();

  const readField = (typeName: string, field: FieldDefinitionNode) => {
    const coordinate = `${typeName}.${field.name.value}`;
    const weight = weightOf(field);
    if (weight !== undefined) fieldWeights.set(coordinate, weight);
    for (const arg of field.arguments ?? []) {
      const argWeight = weightOf(arg);
      if (argWeight !== undefined) argumentWeights.set(`${coordinate}(${arg.name.value}:)`, argWeight);
    }
    const listSize = directive(field, 'listSize');
    if (listSize) {
      const assumed = argument(listSize, 'assumedSize');
      listSizes.set(coordinate, {
        ...(typeof assumed === 'number' ? { assumedSize: assumed } : {}),
        slicingArguments: strings(argument(listSize, 'slicingArguments')),
        sizedFields: strings(argument(listSize, 'sizedFields')),
        requireOneSlicingArgument: argument(listSize, 'requireOneSlicingArgument') !== false,
      });
    }
  };

  for (const definition of parse(supergraphSdl).definitions as readonly DefinitionNode[]) {
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION: case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION: case Kind.INTERFACE_TYPE_EXTENSION: {
        const weight = weightOf(definition);
        if (weight !== undefined) typeWeights.set(definition.name.value, weight);
        for (const field of definition.fields ?? []) readField(definition.name.value, field);
        break;
      }
      case Kind.SCALAR_TYPE_DEFINITION: case Kind.ENUM_TYPE_DEFINITION: {
        const weight = weightOf(definition);
        if (weight !== undefined) typeWeights.set(definition.name.value, weight);
        break;
      }
      default:
    }
  }
  return { fieldWeights, typeWeights, argumentWeights, listSizes };
}

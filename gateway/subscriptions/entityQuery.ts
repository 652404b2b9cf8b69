import {
  Kind,
  OperationTypeNode,
  print,
  visit,
  type ASTNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';

/** A query for one product (or order) carrying a subscriber's `product { … }` (`order { … }`) selection. */
export interface EntityQuery {
  /** `query SubscriptionProduct($productId: ID!, …) { product(id: $productId) { … } }` */
  readonly query: string;
  /** The variable that carries the id (renamed when the subscriber uses `$productId` / `$orderId`). */
  readonly idVariable: string;
  /** The subscriber's variables the selection uses; their values go with the query. */
  readonly variables: readonly string[];
}

const cache = new WeakMap<FieldNode, EntityQuery>();

/**
 * The query that fetches, through the gateway's query plan, exactly the fields a subscriber
 * selected under `product` or `order` (aliases, fragments and directives included), so the
 * response has the same shape. Cached per field node: built once per distinct subscription document.
 */
export function entityQueryFor(info: GraphQLResolveInfo, entity: 'product' | 'order'): EntityQuery {
  const first = info.fieldNodes[0]!;
  const cached = cache.get(first);
  if (cached) return cached;

  const selections: SelectionNode[] = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  const fragments = reachableFragments(selections, info.fragments);
  const used = new Set<string>();
  for (const node of [...selections, ...fragments] as ASTNode[]) visit(node, { Variable: (v) => void used.add(v.name.value) });
  const definitions: VariableDefinitionNode[] = (info.operation.variableDefinitions ?? []).filter((d) => used.has(d.variable.name.value));
  let idVariable = `${entity}Id`;
  while (used.has(idVariable)) idVariable += '_';

  const variable = (name: string) => ({ kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } }) as const;
  const query = print({
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        name: { kind: Kind.NAME, value: entity === 'product' ? 'SubscriptionProduct' : 'SubscriptionOrder' },
        variableDefinitions: [
          {
            kind: Kind.VARIABLE_DEFINITION,
            variable: variable(idVariable),
            type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
          },
          ...definitions,
        ],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              name: { kind: Kind.NAME, value: entity },
              arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: variable(idVariable) }],
              selectionSet: { kind: Kind.SELECTION_SET, selections },
            },
          ],
        },
      },
      ...fragments,
    ],
  });
  const built: EntityQuery = { query, idVariable, variables: [...used] };
  cache.set(first, built);
  return built;
}

function reachableFragments(selections: readonly SelectionNode[], all: Record<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (nodes: readonly ASTNode[]) => {
    for (const node of nodes) {
      visit(node, {
        FragmentSpread: (spread) => {
          const name = spread.name.value;
          const fragment = all[name];
          if (!fragment || found.has(name)) return;
          found.set(name, fragment);
          walk([fragment.selectionSet]);
        },
      });
    }
  };
  walk(selections);
  return [...found.values()];
}

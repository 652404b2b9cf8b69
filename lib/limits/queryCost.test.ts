import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { queryCost } from './queryCost.js';

const schema = buildSchema(/* GraphQL */ `
  type Query { product(id: ID!): Product products(first: Int = 24): Connection! categories: [Category!]! }
  type Connection { edges: [Edge!]! total: Int! }
  type Edge { node: Product! }
  type Category { name: String! products(first: Int = 24): Connection! }
  type Product { id: ID! name: String! price: Price stock: Stock! }
  type Price { amount: Int! }
  type Stock { warehouses: [Warehouse!]! }
  type Warehouse { id: ID! }
`);
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return queryCost(schema, operation, fragments, variables, { defaultListSize: 10 });
};

describe('queryCost', () => {
  it('counts each object once and scalars as free', () => {
    expect(cost('{ product(id: "1") { id name price { amount } } }')).toBe(2);
  });

  it('sizes a connection by its first argument, applied to the list below it', () => {
    // products 1 + edges 50 × (edge 1 + node 1 + price 1)
    expect(cost('{ products(first: 50) { edges { node { price { amount } } } } }')).toBe(1 + 50 * 3);
  });

  it('takes first from variables and from the schema default', () => {
    expect(cost('query Q($n: Int) { products(first: $n) { edges { node { id } } } }', { n: 7 })).toBe(1 + 7 * 2);
    expect(cost('{ products { edges { node { id } } } }')).toBe(1 + 24 * 2);
  });

  it('uses the default list size for a list without a size argument, and multiplies nested lists', () => {
    // categories 10 × (1 + products 1 + edges 24 × (1 + node 1 + stock 1 + warehouses 10 × 1))
    expect(cost('{ categories { products { edges { node { stock { warehouses { id } } } } } } }')).toBe(10 * (1 + 1 + 24 * (1 + 1 + 1 + 10)));
  });

  it('counts fragments like inline selections', () => {
    expect(cost('{ products(first: 5) { ...C } } fragment C on Connection { edges { node { price { amount } } } }')).toBe(1 + 5 * 3);
  });

  it('weights fields that call external APIs by their coordinate, leaf or not, in every list item (issue 15 item 10)', () => {
    const document = parse('{ products(first: 100) { edges { node { id price { amount } } } } }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    const weighted = queryCost(schema, operation, new Map(), {}, { defaultListSize: 10, fieldCosts: new Map([['Product.price', 100], ['Product.id', 5]]) });
    // edges 100 × (1 + node (1 + id 5 + price (1 + 100)))
    expect(weighted).toBe(1 + 100 * (1 + 1 + 5 + 1 + 100));
  });
});

import { readFileSync } from 'node:fs';
import { buildSchema, GraphQLError, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../paths.js';
import { readCostModel } from './costModel.js';
import { actualCost, queryCost } from './queryCost.js';

// The directives as a supergraph applies them; the API schema the gateway runs has none, so the
// model is read from the SDL and the schema is built without them.
const SDL = /* GraphQL */ `
  directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query {
    product(id: ID!): Product
    products(first: Int = 24, last: Int): Connection! @listSize(slicingArguments: ["first", "last"], sizedFields: ["edges"], requireOneSlicingArgument: false)
    strictProducts(first: Int, last: Int): Connection! @listSize(slicingArguments: ["first", "last"], sizedFields: ["edges"])
    categories: [Category!]!
    warehouses: [Warehouse!]! @listSize(assumedSize: 3)
    quote(express: Boolean @cost(weight: 7)): Quote @cost(weight: 100)
  }
  type Mutation { setName(id: ID!, name: String!): Product  archive(id: ID!): Boolean @cost(weight: 2) }
  type Connection { edges: [Edge!]! total: Int! }
  type Edge { node: Product! }
  type Category { name: String! products(first: Int = 24): Connection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false) }
  type Product { id: ID! name: String! price: Price stock: Stock! }
  type Price @cost(weight: 4) { amount: Int! }
  type Stock { warehouses: [Warehouse!]! }
  type Warehouse { id: ID! }
  type Quote { amount: Int! }
`;
const schema = buildSchema(SDL);
const model = readCostModel(SDL);
const parsed = (query: string) => {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return { operation, fragments };
};
const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const { operation, fragments } = parsed(query);
  return queryCost(schema, operation, fragments, variables, { defaultListSize: 10, model });
};
const actual = (query: string, data: unknown) => {
  const { operation, fragments } = parsed(query);
  return actualCost(schema, operation, fragments, data, { model });
};

describe('queryCost (IBM GraphQL Cost Directives)', () => {
  it('counts each object once and scalars as free', () => {
    expect(cost('{ product(id: "1") { id name stock { __typename } } }')).toBe(2);
  });

  it('sizes a connection by its slicing argument, applied to its sizedFields', () => {
    // products 1 + edges 50 × (edge 1 + node 1 + stock 1)
    expect(cost('{ products(first: 50) { edges { node { stock { __typename } } } } }')).toBe(1 + 50 * 3);
    expect(cost('{ products(first: 5, last: 40) { edges { node { id } } } }')).toBe(1 + 40 * 2); // the largest
  });

  it('takes the slicing argument from variables and from the schema default', () => {
    expect(cost('query Q($n: Int) { products(first: $n) { edges { node { id } } } }', { n: 7 })).toBe(1 + 7 * 2);
    expect(cost('{ products { edges { node { id } } } }')).toBe(1 + 24 * 2);
  });

  it('uses assumedSize, else the default list size, and multiplies nested lists', () => {
    expect(cost('{ warehouses { id } }')).toBe(3);
    // categories 10 × (1 + products 1 + edges 24 × (1 + node 1 + stock 1 + warehouses 10 × 1))
    expect(cost('{ categories { products { edges { node { stock { warehouses { id } } } } } } }')).toBe(10 * (1 + 1 + 24 * (1 + 1 + 1 + 10)));
  });

  it('weighs fields, types and given arguments by @cost', () => {
    expect(cost('{ quote { amount } }')).toBe(100);
    expect(cost('{ quote(express: true) { amount } }')).toBe(107);
    expect(cost('{ product(id: "1") { price { amount } } }')).toBe(1 + 4);
    expect(cost('{ products(first: 100) { edges { node { price { amount } } } } }')).toBe(1 + 100 * (1 + 1 + 4));
  });

  it('costs a mutation root field 10 unless it has a @cost of its own', () => {
    expect(cost('mutation { setName(id: "1", name: "x") { id } }')).toBe(10);
    expect(cost('mutation { archive(id: "1") }')).toBe(2);
  });

  it('refuses a field that requires exactly one slicing argument without one, or with two', () => {
    expect(cost('{ strictProducts(first: 3) { edges { node { id } } } }')).toBe(1 + 3 * 2);
    for (const query of ['{ strictProducts { total } }', '{ strictProducts(first: 1, last: 2) { total } }']) {
      let error: unknown;
      try { cost(query); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('counts fragments like inline selections', () => {
    expect(cost('{ products(first: 5) { ...C } } fragment C on Connection { edges { node { stock { __typename } } } }')).toBe(1 + 5 * 3);
  });
});

describe('actualCost', () => {
  it('counts the objects and list items the response holds, with the same weights', () => {
    const query = '{ products(first: 50) { edges { node { id price { amount } } } } }';
    const edges = [{ node: { id: '1', price: { amount: 1 } } }, { node: { id: '2', price: null } }];
    // products 1 + 2 edges × (1 + node 1) + one price 4
    expect(actual(query, { products: { edges } })).toBe(1 + 2 * 2 + 4);
    expect(cost(query)).toBe(1 + 50 * 6);
  });

  it('costs nothing for null, and follows aliases and fragments', () => {
    expect(actual('{ product(id: "1") { id } }', { product: null })).toBe(0);
    expect(actual('{ a: quote { amount } b: quote { amount } }', { a: { amount: 1 }, b: null })).toBe(100);
    expect(actual('{ product(id: "1") { ...P } } fragment P on Product { stock { warehouses { id } } }', { product: { stock: { warehouses: [{ id: 'w' }] } } })).toBe(3);
  });
});

describe('readCostModel on the committed supergraph', () => {
  const real = readCostModel(readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8'));
  it('weighs the fields that call the carriers, and sizes the connections by first', () => {
    expect(real.fieldWeights.get('Product.shippingEstimate')).toBe(100);
    expect(real.fieldWeights.get('Query.shippingQuotes')).toBe(100);
    for (const coordinate of ['Query.products', 'Category.products', 'Query.search', 'Query.myOrders']) {
      expect(real.listSizes.get(coordinate)).toEqual({ slicingArguments: ['first'], sizedFields: ['edges'], requireOneSlicingArgument: false });
    }
    expect(real.listSizes.get('Product.priceHistory')?.sizedFields).toEqual(['nodes']);
  });
});

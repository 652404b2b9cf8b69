import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../config/index.js';
import { readCostModel } from './costModel.js';
import { limitsPlugin } from './limitsPlugin.js';

const SDL = `
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query { node(first: Int): Node }
  type Node { id: ID! child: Node items(first: Int): [Node!]! @listSize(slicingArguments: ["first"], requireOneSlicingArgument: false) }`;
const schema = buildSchema(SDL);
const costModel = readCostModel(SDL);
const limits = { ...DEFAULT_LIMITS, maxDepth: 3, maxAliases: 2, maxDirectives: 2, maxCost: 100 };

describe('limitsPlugin', () => {
  let server: ApolloServer;
  beforeAll(async () => {
    server = new ApolloServer({ schema, rootValue: { node: { id: 'n', items: [{ id: 'a' }, { id: 'b' }] } }, plugins: [limitsPlugin(limits, { costModel: () => costModel, costInResponse: true })] });
    await server.start();
  });
  afterAll(() => server.stop());
  const errorsOf = async (query: string, variables?: Record<string, unknown>) => {
    const res = await server.executeOperation({ query, variables });
    return res.body.kind === 'single' ? res.body.singleResult.errors?.map((e) => ({ message: e.message, ...e.extensions })) : undefined;
  };

  it.each([
    // graphql-armor counts every field level, leaves included: node, child, child, child, id
    ['depth', '{ node { child { child { child { id } } } } }', { limit: 'depth', max: 3, actual: 5, message: 'Query depth limit of 3 exceeded, found 5.' }],
    ['aliases', '{ a: node { id } b: node { id } c: node { id } }', { limit: 'aliases', max: 2, actual: 3 }],
    ['directives', '{ node @skip(if: false) { id @skip(if: false) child @skip(if: false) { id } } }', { limit: 'directives', max: 2, actual: 3 }],
  ])('refuses too much %s with QUERY_LIMIT_EXCEEDED saying by how much, every time', async (_name, query, expected) => {
    for (let i = 0; i < 2; i++) expect(await errorsOf(query)).toEqual([expect.objectContaining({ code: 'QUERY_LIMIT_EXCEEDED', ...expected })]);
  });

  it('computes cost with the request variables', async () => {
    const query = 'query Q($n: Int) { node { items(first: $n) { id } } }';
    expect(await errorsOf(query, { n: 50 })).toBeUndefined();
    expect(await errorsOf(query, { n: 500 })).toEqual([expect.objectContaining({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost', max: 100, actual: 501, cost: { estimated: 501, max: 100 } })]);
  });

  it('reports the estimated and the actual cost in the answer when asked to', async () => {
    const res = await server.executeOperation({ query: '{ node { items(first: 50) { id } } }' });
    expect(res.body.kind === 'single' && res.body.singleResult.extensions).toEqual({ cost: { estimated: 51, actual: 3, max: 100 } });
  });
});

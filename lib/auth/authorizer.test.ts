import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../schema/index.js';
import { createAuthorizer, REMOVED_PLACEHOLDER } from './authorizer.js';
import { ANONYMOUS, identityOf } from './Identity.js';

const sdl = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@authenticated", "@requiresScopes"])
  type Query { shop: Shop! orders: [Order!]! @authenticated }
  type Shop { name: String! secretNote: String @requiresScopes(scopes: [["notes:read", "staff"], ["admin"]]) owner: Owner! }
  type Owner @authenticated { name: String! }
  type Order { id: ID! total: Int! }
  type Mutation { publish(id: ID!): Boolean! rename(name: String!): Boolean! @requiresScopes(scopes: [["shop:write"]]) }
`;
const composed = composeSupergraph([{ name: 'shop', url: 'http://shop/graphql', sdl }]);
if (!composed.ok) throw new Error(composed.errors.join('\n'));
const authorizer = createAuthorizer(composed.supergraphSdl);
const run = (query: string, identity = ANONYMOUS, operationName?: string) => {
  const result = authorizer.authorize(parse(query), operationName, identity);
  return { ...result, printed: print(result.document), codes: result.errors.map((e) => [e.extensions.code, e.path?.join('.')]) };
};
const shopper = identityOf('u1', ['customer'], []);

describe('createAuthorizer', () => {
  it('leaves an operation the caller may fully see untouched (same document object)', () => {
    const document = parse('{ shop { name } }');
    expect(authorizer.authorize(document, undefined, ANONYMOUS)).toEqual({ document, errors: [], empty: false });
  });

  it('removes a field that needs authentication, with UNAUTHENTICATED at its path, keeping the rest', () => {
    const result = run('{ shop { name } orders { id } }');
    expect(result.codes).toEqual([['UNAUTHENTICATED', 'orders']]);
    expect(result.printed).not.toContain('orders');
    expect(result.printed).toContain('name');
  });

  it('applies a type-level requirement to every field returning the type, by alias', () => {
    const result = run('{ shop { boss: owner { name } } }');
    expect(result.codes).toEqual([['UNAUTHENTICATED', 'shop.boss']]);
  });

  it('puts a placeholder where a selection set is emptied', () => {
    const result = run('{ shop { secretNote } }', shopper);
    expect(result.codes).toEqual([['FORBIDDEN', 'shop.secretNote']]);
    expect(result.printed).toContain(`${REMOVED_PLACEHOLDER}: __typename`);
  });

  it('accepts any one of the alternative scope sets, and only a whole set', () => {
    expect(run('{ shop { secretNote } }', identityOf('a', [], ['admin'])).errors).toEqual([]);
    expect(run('{ shop { secretNote } }', identityOf('s', [], ['notes:read', 'staff'])).errors).toEqual([]);
    expect(run('{ shop { secretNote } }', identityOf('s', [], ['notes:read'])).codes).toEqual([['FORBIDDEN', 'shop.secretNote']]);
  });

  it('protects mutations without a declared requirement, but lets any signed-in caller run them', () => {
    expect(run('mutation { publish(id: "1") }').codes).toEqual([['UNAUTHENTICATED', 'publish']]);
    expect(run('mutation { publish(id: "1") }').empty).toBe(true);
    expect(run('mutation { publish(id: "1") }', shopper).errors).toEqual([]);
  });

  it('removes only the forbidden root fields of a mutation', () => {
    const result = run('mutation { publish(id: "1") rename(name: "x") }', shopper);
    expect(result.codes).toEqual([['FORBIDDEN', 'rename']]);
    expect(result.empty).toBe(false);
    expect(result.printed).toContain('publish');
    expect(result.printed).not.toContain('rename');
  });

  it('finds forbidden fields inside named and inline fragments', () => {
    const result = run('query Q { shop { ...S ... on Shop { owner { name } } } } fragment S on Shop { name secretNote }', ANONYMOUS, 'Q');
    expect(result.codes).toEqual([['UNAUTHENTICATED', 'shop.secretNote'], ['UNAUTHENTICATED', 'shop.owner']]);
    expect(result.printed).not.toMatch(/secretNote|owner/);
  });

  it('filters a fragment spread many times once (linear time)', () => {
    const spreads = Array.from({ length: 50 }, (_, i) => `s${i}: shop { ...S }`).join(' ');
    const result = run(`{ ${spreads} } fragment S on Shop { name secretNote }`);
    expect(result.errors).toHaveLength(1);
  });
});

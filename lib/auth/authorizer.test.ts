import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../schema/index.js';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../paths.js';
import { createAuthorizer, REMOVED_PLACEHOLDER, unprotectedTwins } from './authorizer.js';
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

  it('remembers a document a caller may see whole only for callers holding the same', () => {
    const document = parse('query A { shop { secretNote } } query B { shop { name } }');
    const codes = (identity: typeof ANONYMOUS, name = 'A') => authorizer.authorize(document, name, identity).errors.map((e) => e.extensions.code);
    for (let i = 0; i < 2; i++) expect(codes(identityOf('s', [], ['notes:read', 'staff']))).toEqual([]);
    expect(codes(identityOf('s', [], ['notes:read']))).toEqual(['FORBIDDEN']);
    expect(codes(identityOf('s', [], ['notes:read staff']))).toEqual(['FORBIDDEN']);
    expect(codes(ANONYMOUS)).toEqual(['UNAUTHENTICATED']);
    expect(codes(ANONYMOUS, 'B')).toEqual([]);
    expect(codes(ANONYMOUS)).toEqual(['UNAUTHENTICATED']);
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

describe('unprotectedTwins (issue 15 item 1)', () => {
  const committed = readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8');

  it('finds none in the committed supergraph: every protected value is protected wherever its type appears', () => {
    expect(unprotectedTwins(committed)).toEqual([]);
  });

  it('names a field that exposes a protected value through another type (StockSnapshot.reserved without its scope)', () => {
    const stripped = committed.replace(/(type StockSnapshot[\s\S]*?reserved: Int!)[^\n]*/, '$1');
    expect(stripped).not.toEqual(committed);
    expect(unprotectedTwins(stripped)).toEqual([
      { coordinate: 'StockSnapshot.reserved', protectedBy: expect.stringMatching(/^(Stock|WarehouseStock)\.reserved$/), requirement: { authenticated: false, scopes: [['inventory:read']] } },
    ]);
  });

  it('accepts twins with the same requirement and names the weaker of two that differ', () => {
    const twins = (note: string) => composeSupergraph([{ name: 'a', url: 'http://a/graphql', sdl: `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@authenticated", "@requiresScopes"])
      type Query { shop: Shop! archive: Archive! }
      type Shop { note: String @requiresScopes(scopes: [["notes:read"]]) }
      type Archive { note: String ${note} }` }]);
    const sdlOf = (note: string) => { const c = twins(note); if (!c.ok) throw new Error('composition failed'); return c.supergraphSdl; };
    expect(unprotectedTwins(sdlOf('@requiresScopes(scopes: [["notes:read"]])'))).toEqual([]);
    expect(unprotectedTwins(sdlOf('@requiresScopes(scopes: [["notes:read", "staff"]])')).map((t) => t.coordinate)).toEqual(['Shop.note']);
    expect(unprotectedTwins(sdlOf('@authenticated')).map((t) => t.coordinate)).toEqual(['Archive.note']);
    expect(unprotectedTwins(sdlOf('')).map((t) => t.coordinate)).toEqual(['Archive.note']);
  });
});

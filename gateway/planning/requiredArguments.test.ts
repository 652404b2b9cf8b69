import { GraphQLError, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { aliasFieldsAgainstRequirements, requiredArgumentsOf, restoreResponseNames } from './requiredArguments.js';

const SUPERGRAPH = `
type Post @join__type(graph: D, key: "id") {
  id: ID!
  author: Author @join__field(graph: D, requires: "comments(limit: 3) { authorId }")
  comments(limit: Int!): [Comment] @join__field(graph: D)
}
type Product @join__type(graph: A, key: "upc") {
  isExpensive: Boolean @join__field(graph: A, requires: "category { averagePrice(currency: \\"USD\\", rounded: true) }")
  weight: Int @join__field(graph: A, requires: "sizes")
}`;

describe('@requires arguments and the client fields they would be merged with', () => {
  const required = requiredArgumentsOf(SUPERGRAPH);

  it('collects every field with arguments that a requirement selects, at any depth, arguments in name order', () => {
    expect([...required.entries()].map(([name, lists]) => [name, [...lists]])).toEqual([
      ['comments', ['limit:3']],
      ['averagePrice', ['currency:"USD",rounded:true']],
    ]);
  });

  it('aliases only unaliased client fields whose arguments no requirement uses', () => {
    const aliased = aliasFieldsAgainstRequirements(parse(`{ feed { comments(limit: 1) { id } other: comments(limit: 2) { id }
      category { averagePrice(rounded: true, currency: "USD") } } }`), required);
    expect(aliased && print(aliased.document)).toContain('_client_comments: comments(limit: 1)');
    expect(print(aliased!.document)).toContain('other: comments(limit: 2)');
    expect(print(aliased!.document)).toContain('averagePrice(rounded: true, currency: "USD")');
    expect([...aliased!.renames]).toEqual([['_client_comments', 'comments']]);
    // Same arguments as the requirement, another alias, no such field: nothing to do.
    expect(aliasFieldsAgainstRequirements(parse('{ feed { comments(limit: 3) { id } c: comments(limit: 1) { id } name } }'), required)).toBeUndefined();
    // A variable could be anything: aliased.
    expect(aliasFieldsAgainstRequirements(parse('query ($n: Int!) { feed { comments(limit: $n) { id } } }'), required)).toBeDefined();
  });

  it("picks an alias prefix no name of the client's document starts with", () => {
    const aliased = aliasFieldsAgainstRequirements(parse('{ feed { _client_x: id comments(limit: 1) { id } } }'), required);
    expect([...aliased!.renames.keys()]).toEqual(['_client__comments']);
  });

  it('gives the answer and error paths their client names back, keys in the same order', () => {
    const renames = new Map([['_client_comments', 'comments']]);
    const restored = restoreResponseNames({
      data: { feed: [{ author: { id: 'a2' }, _client_comments: [{ id: 'c1' }], title: 't' }] },
      errors: [new GraphQLError('boom', { path: ['feed', 0, '_client_comments', 0, 'id'], extensions: { code: 'X' } })],
    }, renames);
    expect(JSON.stringify(restored.data)).toBe('{"feed":[{"author":{"id":"a2"},"comments":[{"id":"c1"}],"title":"t"}]}');
    expect(restored.errors![0]).toBeInstanceOf(GraphQLError);
    expect(restored.errors![0]!.path).toEqual(['feed', 0, 'comments', 0, 'id']);
    expect(restored.errors![0]!.extensions).toEqual({ code: 'X' });
  });
});

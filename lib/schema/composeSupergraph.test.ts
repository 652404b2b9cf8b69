import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBGRAPH_PORTS } from '../config/index.js';
import { fromRoot } from '../paths.js';
import { composeSupergraph, readSubgraphSources } from './index.js';

const urlOf = (name: string) => `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name as keyof typeof DEFAULT_SUBGRAPH_PORTS]}/graphql`;

describe('composeSupergraph', () => {
  it('reproduces the committed schema/supergraph.graphql (run `npm run schema:compose` when this fails)', () => {
    const result = composeSupergraph(readSubgraphSources(fromRoot('schema'), urlOf));
    expect(result.ok).toBe(true);
    if (result.ok) expect(readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8')).toBe(result.supergraphSdl + '\n');
  });

  it('names the subgraphs and field when two subgraphs disagree', () => {
    const result = composeSupergraph([
      { name: 'a', url: 'http://a', sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"]) type Product @key(fields: "id") { id: ID! name: String! } type Query { p: Product }' },
      { name: 'b', url: 'http://b', sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"]) type Product @key(fields: "id") { id: ID! name: Int! }' },
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(/Product\.name/);
  });
});

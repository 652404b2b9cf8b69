import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/** One subgraph's SDL and the URL the supergraph records for it. */
export interface SubgraphSource {
  readonly name: string;
  readonly url: string;
  readonly sdl: string;
}

export type CompositionResult =
  | { readonly ok: true; readonly supergraphSdl: string; readonly hints: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** The supergraph file itself is not a subgraph. */
export const SUPERGRAPH_FILE = 'supergraph.graphql';

/** Reads every `<name>.graphql` in `dir` (not the supergraph) with the URL `urlOf(name)`. */
export function readSubgraphSources(dir: string, urlOf: (name: string) => string): SubgraphSource[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql') && file !== SUPERGRAPH_FILE)
    .sort()
    .map((file) => {
      const name = path.basename(file, '.graphql');
      return { name, url: urlOf(name), sdl: readFileSync(path.join(dir, file), 'utf8') };
    });
}

/** Composes Federation 2 subgraphs with @apollo/composition; errors name the subgraph and location. */
export function composeSupergraph(sources: readonly SubgraphSource[]): CompositionResult {
  const parseErrors: string[] = [];
  const services = sources.flatMap((source) => {
    try {
      return [{ name: source.name, url: source.url, typeDefs: parse(source.sdl) }];
    } catch (error) {
      parseErrors.push(`[${source.name}] ${(error as Error).message}`);
      return [];
    }
  });
  if (parseErrors.length > 0) return { ok: false, errors: parseErrors };
  const result = composeServices(services);
  if (result.errors) {
    return {
      ok: false,
      errors: result.errors.map((error) => {
        const where = error.nodes?.map((node) => (node.loc ? `${node.loc.source.name}:${node.loc.startToken.line}` : '')).filter(Boolean) ?? [];
        const code = (error.extensions?.code as string | undefined) ?? 'COMPOSITION_ERROR';
        return `${code}: ${error.message}${where.length ? ` (at ${where.join(', ')})` : ''}`;
      }),
    };
  }
  return { ok: true, supergraphSdl: result.supergraphSdl, hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`) };
}

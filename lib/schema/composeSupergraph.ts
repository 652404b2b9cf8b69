import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { GraphQLError, parse, Source, type ASTNode } from 'graphql';

/** One subgraph's SDL and the URL the supergraph records for it. */
export interface SubgraphSource {
  readonly name: string;
  readonly url: string;
  readonly sdl: string;
  /** Where the SDL came from (`schema/pricing.graphql`), used in error locations. @default `<name>.graphql` */
  readonly file?: string;
}

/** Where in a subgraph's SDL a composition error or hint points. */
export interface SdlLocation {
  readonly subgraph: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A composition error or hint with its code and the subgraph locations it names. */
export interface CompositionProblem {
  readonly code: string;
  readonly message: string;
  readonly locations: readonly SdlLocation[];
}

export type CompositionResult =
  | {
      readonly ok: true;
      readonly supergraphSdl: string;
      /** One line per hint: `CODE: message (at file:line)`. */
      readonly hints: readonly string[];
      readonly hintDetails: readonly CompositionProblem[];
    }
  | {
      readonly ok: false;
      /** One line per error: `CODE: message (at file:line)`. */
      readonly errors: readonly string[];
      readonly errorDetails: readonly CompositionProblem[];
    };

/** The supergraph file itself is not a subgraph. */
export const SUPERGRAPH_FILE = 'supergraph.graphql';

/** Reads every `<name>.graphql` in `dir` (not the supergraph) with the URL `urlOf(name)`. */
export function readSubgraphSources(dir: string, urlOf: (name: string) => string): SubgraphSource[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql') && file !== SUPERGRAPH_FILE)
    .sort()
    .map((file) => {
      const name = path.basename(file, '.graphql');
      const full = path.join(dir, file);
      return { name, url: urlOf(name), sdl: readFileSync(full, 'utf8'), file: path.relative(process.cwd(), full) || file };
    });
}

/** `CODE: message (at file:line)`, the one-line form of a problem. */
export function formatCompositionProblem(problem: CompositionProblem): string {
  const where = problem.locations.map((l) => `${l.file}:${l.line}:${l.column}`);
  return `${problem.code}: ${problem.message}${where.length ? ` (at ${where.join(', ')})` : ''}`;
}

/** Composes Federation 2 subgraphs with @apollo/composition; errors name the subgraph and location. */
export function composeSupergraph(sources: readonly SubgraphSource[]): CompositionResult {
  const subgraphOfFile = new Map(sources.map((s) => [fileOf(s), s.name]));
  const locate = (nodes: readonly ASTNode[] | undefined): SdlLocation[] =>
    (nodes ?? []).flatMap((node) => {
      if (!node.loc) return [];
      const file = node.loc.source.name;
      const subgraph = (node as { subgraph?: string }).subgraph ?? subgraphOfFile.get(file) ?? file;
      return [{ subgraph, file, line: node.loc.startToken.line, column: node.loc.startToken.column }];
    });

  const parseErrors: CompositionProblem[] = [];
  const services = sources.flatMap((source) => {
    try {
      return [{ name: source.name, url: source.url, typeDefs: parse(new Source(source.sdl, fileOf(source))) }];
    } catch (error) {
      const located = error instanceof GraphQLError ? error.locations ?? [] : [];
      parseErrors.push({
        code: 'GRAPHQL_PARSE_FAILED',
        message: `[${source.name}] ${(error as Error).message}`,
        locations: located.map((l) => ({ subgraph: source.name, file: fileOf(source), line: l.line, column: l.column })),
      });
      return [];
    }
  });
  if (parseErrors.length > 0) return failed(parseErrors);
  const result = composeServices(services);
  if (result.errors) {
    return failed(result.errors.map((error) => ({
      code: (error.extensions?.code as string | undefined) ?? 'COMPOSITION_ERROR',
      message: error.message,
      locations: locate(error.nodes),
    })));
  }
  const hintDetails = result.hints.map((hint) => ({ code: hint.definition.code, message: hint.message, locations: locate(hint.nodes) }));
  return { ok: true, supergraphSdl: result.supergraphSdl, hints: hintDetails.map(formatCompositionProblem), hintDetails };
}

const fileOf = (source: SubgraphSource) => source.file ?? `${source.name}.graphql`;

const failed = (errorDetails: CompositionProblem[]): CompositionResult => ({
  ok: false,
  errors: errorDetails.map(formatCompositionProblem),
  errorDetails,
});

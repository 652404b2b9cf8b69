import { GraphQLError, Kind, parse, print, visit, type ArgumentNode, type DocumentNode, type FieldNode } from 'graphql';

/** Field name -> the argument lists (printed) that `@requires` selections of the supergraph give it. */
export type RequiredArguments = ReadonlyMap<string, ReadonlySet<string>>;

/** A client document with its conflicting fields aliased, and how to give the answer back its names. */
export interface AliasedDocument {
  readonly document: DocumentNode;
  /** Alias -> the response name the client asked for. */
  readonly renames: ReadonlyMap<string, string>;
}

/**
 * The fields with arguments that any `@requires` of the supergraph selects, at any depth
 * (`@join__field(requires: "comments(limit: 3) { authorId }")` gives `comments` -> `(limit: 3)`).
 */
export function requiredArgumentsOf(supergraphSdl: string): RequiredArguments {
  const required = new Map<string, Set<string>>();
  visit(parse(supergraphSdl), {
    Directive(directive) {
      if (directive.name.value !== 'join__field') return;
      const requires = directive.arguments?.find((a) => a.name.value === 'requires')?.value;
      if (requires?.kind !== Kind.STRING) return;
      visit(parse(`{ ${requires.value} }`), {
        Field(field) {
          if (!field.arguments?.length) return;
          let lists = required.get(field.name.value);
          if (!lists) required.set(field.name.value, (lists = new Set()));
          lists.add(printedArguments(field.arguments));
        },
      });
    },
  });
  return required;
}

/**
 * @apollo/query-planner (2.14) keys a subgraph fetch's fields by response name: when the client
 * selects `comments(limit: 1)` and an `@requires` beside it needs `comments(limit: 3)` from the
 * same subgraph, the two are merged into one `comments(limit: 3)` and the client gets three
 * comments. Aliasing the client's field keeps them apart: every unaliased client field named
 * like a required one gets an alias (that no name of the document starts with), unless every
 * `@requires` of that field uses its very arguments. Returns undefined when nothing needs it
 * (the common case, and every operation on a supergraph without such `@requires`).
 */
export function aliasFieldsAgainstRequirements(document: DocumentNode, required: RequiredArguments): AliasedDocument | undefined {
  if (required.size === 0) return undefined;
  const conflicting = (field: FieldNode) => {
    if (field.alias && field.alias.value !== field.name.value) return false;
    const lists = required.get(field.name.value);
    // Safe to merge only when every requirement of that field asks what the client asks.
    return lists !== undefined && !(lists.size === 1 && lists.has(printedArguments(field.arguments ?? [])));
  };
  let found = false;
  const names: string[] = [];
  visit(document, {
    Field(field) {
      names.push(field.alias?.value ?? field.name.value);
      if (conflicting(field)) found = true;
    },
  });
  if (!found) return undefined;
  let prefix = '_client_';
  while (names.some((n) => n.startsWith(prefix))) prefix += '_';
  const renames = new Map<string, string>();
  const aliased = visit(document, {
    Field(field): FieldNode | undefined {
      if (!conflicting(field)) return undefined;
      const alias = `${prefix}${field.name.value}`;
      renames.set(alias, field.name.value);
      return { ...field, alias: { kind: Kind.NAME, value: alias } };
    },
  });
  return { document: aliased, renames };
}

/** Gives an answer to an {@link aliasFieldsAgainstRequirements} document the client's response names back, in place order. */
export function restoreResponseNames<T extends { data?: unknown; errors?: readonly GraphQLError[] }>(
  response: T, renames: ReadonlyMap<string, string>,
): T {
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename);
    if (value === null || typeof value !== 'object') return value;
    const renamed: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) renamed[renames.get(key) ?? key] = rename(inner);
    return renamed;
  };
  const errors = response.errors?.map((e) => (e.path
    ? new GraphQLError(e.message, {
      nodes: e.nodes, source: e.source, positions: e.positions, originalError: e.originalError, extensions: e.extensions,
      path: e.path.map((p) => (typeof p === 'string' ? renames.get(p) ?? p : p)),
    })
    : e));
  return { ...response, data: rename(response.data), ...(errors ? { errors } : {}) };
}

/** A field's arguments as one comparable string, in name order (`currency:"USD",rounded:true`). */
export const printedArguments = (args: readonly ArgumentNode[]) =>
  [...args].sort((a, b) => (a.name.value < b.name.value ? -1 : 1)).map((a) => `${a.name.value}:${print(a.value)}`).join(',');

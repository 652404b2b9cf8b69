import { Kind, OperationTypeNode, parse, print, visit, type DefinitionNode, type DocumentNode, type FieldNode, type FormattedExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { Identity } from '../../lib/auth/index.js';
import type { FederatedExecutor } from './subscriptionHub.js';

/** One caller's fetch, as the hub's resolvers ask for it. */
export type EventFetch = (query: string, variables: Record<string, unknown>, identity: Identity, identityKey: string) => Promise<FormattedExecutionResult>;

interface Pending {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  readonly resolve: (result: FormattedExecutionResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The federated fetches of one event. Identical requests (query, variables, caller) are sent
 * once; the distinct requests of one caller asked for in the same tick (the event's selections,
 * whose resolvers all start synchronously) go out as one operation, each request an aliased root
 * field: one query plan, one request per subgraph and one read of the changed entity, however
 * many selections follow it. A merged operation that fails as a whole (no data: a limit, an
 * error of one part) is retried as its separate requests, so no selection fails for another's.
 * `executed` is called once per operation sent, with its promise.
 */
export function eventFetches(execute: FederatedExecutor, executed: (pending: Promise<unknown>) => void): EventFetch {
  const shared = new Map<string, Promise<FormattedExecutionResult>>();
  const batches = new Map<string, { identity: Identity; requests: Pending[] }>();
  const send = (query: string, variables: Record<string, unknown>, identity: Identity) => {
    const pending = execute(query, variables, identity);
    executed(pending);
    return pending;
  };
  const flush = async (identity: Identity, requests: Pending[]) => {
    if (requests.length === 1) {
      const [only] = requests as [Pending];
      return send(only.query, only.variables, identity).then(only.resolve, only.reject);
    }
    const merged = mergedOperation(requests.map((r) => r.query));
    const variables: Record<string, unknown> = {};
    requests.forEach((r, i) => {
      for (const [name, value] of Object.entries(r.variables)) variables[`${alias(i)}_${name}`] = value;
    });
    const result = await send(merged.query, variables, identity).catch(() => undefined);
    if (!result?.data) {
      for (const r of requests) send(r.query, r.variables, identity).then(r.resolve, r.reject);
      return;
    }
    requests.forEach((r, i) => r.resolve(partOf(result, i, merged.rootKeys[i]!)));
  };
  return (query, variables, identity, identityKey) => {
    const key = `${identityKey}\n${query}\n${JSON.stringify(variables)}`;
    let pending = shared.get(key);
    if (pending) return pending;
    pending = new Promise<FormattedExecutionResult>((resolve, reject) => {
      let batch = batches.get(identityKey);
      if (!batch) {
        batches.set(identityKey, (batch = { identity, requests: [] }));
        queueMicrotask(() => {
          batches.delete(identityKey);
          void flush(identity, batch!.requests);
        });
      }
      batch.requests.push({ query, variables, resolve, reject });
    });
    shared.set(key, pending);
    return pending;
  };
}

const alias = (i: number) => `r${i}`;

/** Request `i`'s answer out of the merged one: its root field under its own name, its errors at its own paths. */
function partOf(result: FormattedExecutionResult, i: number, rootKey: string): FormattedExecutionResult {
  const errors = (result.errors ?? []).flatMap((e) => {
    if (!e.path?.length) return [e];
    return e.path[0] === alias(i) ? [{ ...e, path: [rootKey, ...e.path.slice(1)] }] : [];
  });
  const data = { [rootKey]: result.data![alias(i)] ?? null };
  return errors.length > 0 ? { data, errors } : { data };
}

const parsed = new Map<string, DocumentNode>();
const merges = new Map<string, { query: string; rootKeys: string[] }>();
/** Distinct entity queries and their combinations are few (one per selection); the caches are bounded all the same. */
const MAX_CACHED = 500;

const remember = <V>(cache: Map<string, V>, key: string, value: V): V => {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
};

/**
 * One query holding each of `queries` (single-root-field queries, as `entityQueryFor` builds
 * them) under the alias `r<i>`, its variables and fragments prefixed `r<i>_`.
 */
function mergedOperation(queries: readonly string[]): { query: string; rootKeys: string[] } {
  const key = queries.join('\u0000');
  const cached = merges.get(key);
  if (cached) return cached;
  const operations: OperationDefinitionNode[] = [];
  const fragments: DefinitionNode[] = [];
  const rootKeys: string[] = [];
  queries.forEach((query, i) => {
    const document = parsed.get(query) ?? remember(parsed, query, parse(query));
    const prefix = `${alias(i)}_`;
    const renamed = visit(document, {
      Variable: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
    });
    for (const definition of renamed.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
      else fragments.push(definition);
    }
    const root = (document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
    rootKeys.push(root.alias?.value ?? root.name.value);
  });
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: OperationTypeNode.QUERY,
    name: { kind: Kind.NAME, value: 'SubscriptionEntities' },
    variableDefinitions: operations.flatMap((o) => o.variableDefinitions ?? []),
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: operations.map((o, i) => ({ ...(o.selectionSet.selections[0] as FieldNode), alias: { kind: Kind.NAME, value: alias(i) } })),
    },
  };
  return remember(merges, key, { query: print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }), rootKeys });
}

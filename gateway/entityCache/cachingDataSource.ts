import { createHash } from 'node:crypto';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { CacheEntry } from './CacheStore.js';
import { mayShare, type EntityCache } from './EntityCache.js';
import { entityTag, rootTag } from './invalidationTags.js';
import { requestTags, type RequestTags } from './requestTags.js';

type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;
type IncomingOptions = Extract<GraphQLDataSourceProcessOptions, { incomingRequestContext: unknown }>;

// The enum itself is not exported by @apollo/gateway.
const isIncoming = (options: GraphQLDataSourceProcessOptions): options is IncomingOptions =>
  (options.kind as string) === 'incoming operation';
type Representation = { readonly __typename: string; readonly id?: unknown } & Record<string, unknown>;

/** How a subgraph operation can be cached, decided once per distinct query text. */
type Shape = 'entities' | 'root' | 'none';

function shapeOf(query: string): Shape {
  const document = parse(query, { noLocation: true });
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]!.operation !== 'query') return 'none';
  const fields = operations[0]!.selectionSet.selections;
  if (fields.length === 1 && fields[0]!.kind === Kind.FIELD && fields[0]!.name.value === '_entities') return 'entities';
  return 'root';
}

const hash = (text: string) => createHash('sha1').update(text).digest('base64url');

/** Tags of a root-field answer: every object with an `id` it holds, plus the subgraph's root tag. */
function collectTags(subgraph: string, data: unknown, tags: Set<string>): Set<string> {
  if (Array.isArray(data)) for (const item of data) collectTags(subgraph, item, tags);
  else if (data !== null && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    if (typeof record.id === 'string') tags.add(entityTag(subgraph, typeof record.__typename === 'string' ? record.__typename : '*', record.id));
    for (const value of Object.values(record)) if (value !== null && typeof value === 'object') collectTags(subgraph, value, tags);
  }
  return tags;
}

/**
 * Wraps a subgraph data source with the {@link EntityCache}: an `_entities` fetch is answered
 * per representation from the cache and only the misses go to the subgraph; a root-field
 * query is cached whole, tagged by the ids it holds. Mutations, requests that are not
 * `cacheable`, types turned off, and answers with errors pass straight through.
 */
export function cachingDataSource(inner: GraphQLDataSource, subgraph: string, cache: EntityCache): GraphQLDataSource {
  const shapes = new Map<string, Shape>();
  const shape = (query: string): Shape => {
    let found = shapes.get(query);
    if (found === undefined) {
      try {
        found = shapeOf(query);
      } catch {
        found = 'none';
      }
      if (shapes.size > 5000) shapes.clear();
      shapes.set(query, found);
    }
    return found;
  };

  const root = async (options: GraphQLDataSourceProcessOptions, query: string, track: RequestTags): Promise<SubgraphResponse> => {
    const key = `${subgraph}|Query|${hash(`${unnamed(query)}\n${JSON.stringify(options.request.variables ?? {})}`)}`;
    const [hit] = await cache.get([key]);
    if (hit !== undefined) {
      const data = JSON.parse(hit);
      collectTags(subgraph, data, track.tags).add(rootTag(subgraph));
      return { data };
    }
    const ticket = cache.ticket();
    const response = await inner.process(options);
    if (response.data && !response.errors?.length) {
      const tags = collectTags(subgraph, response.data, new Set([rootTag(subgraph)]));
      for (const tag of tags) track.tags.add(tag);
      await cache.set(ticket, [{ key, value: JSON.stringify(response.data), tags: [...tags] }]);
    } else track.complete = false;
    return response;
  };

  const entities = async (options: GraphQLDataSourceProcessOptions, query: string, track: RequestTags): Promise<SubgraphResponse> => {
    const { representations, ...rest } = (options.request.variables ?? {}) as { representations?: unknown } & Record<string, unknown>;
    if (!Array.isArray(representations)) {
      track.complete = false;
      return inner.process(options);
    }
    const variant = hash(`${unnamed(query)}\n${JSON.stringify(rest)}`);
    const reps = representations as Representation[];
    const keys = reps.map((rep) =>
      cache.enabled(subgraph, rep.__typename) ? `${subgraph}|${rep.__typename}|${JSON.stringify(rep)}|${variant}` : undefined,
    );
    const tagOf = (rep: Representation) => entityTag(subgraph, rep.__typename, typeof rep.id === 'string' ? rep.id : JSON.stringify(rep));
    if (keys.includes(undefined)) track.complete = false;
    for (const rep of reps) track.tags.add(tagOf(rep));
    const cachedIndexes = keys.flatMap((k, i) => (k === undefined ? [] : [i]));
    const found = await cache.get(cachedIndexes.map((i) => keys[i]!));
    const results: unknown[] = new Array(reps.length).fill(null);
    const hit = new Array<boolean>(reps.length).fill(false);
    cachedIndexes.forEach((index, j) => {
      const value = found[j];
      if (value !== undefined) {
        results[index] = JSON.parse(value);
        hit[index] = true;
      }
    });
    const misses = reps.flatMap((_, i) => (hit[i] ? [] : [i]));
    if (misses.length === 0) return { data: { _entities: results } };

    const ticket = cache.ticket();
    const response = await inner.process({
      ...options,
      request: { ...options.request, variables: { ...rest, representations: misses.map((i) => reps[i]) } },
    } as GraphQLDataSourceProcessOptions);
    const fetched = (response.data as { _entities?: unknown[] } | null | undefined)?._entities;
    // Error paths point into the subset sent; map them back to the positions asked for.
    const errors = response.errors?.map((error) => {
      const path = error.path;
      if (path?.[0] !== '_entities' || typeof path[1] !== 'number') return error;
      return { ...error, path: ['_entities', misses[path[1]] ?? path[1], ...path.slice(2)] };
    });
    if (errors?.length) track.complete = false;
    if (!Array.isArray(fetched)) {
      track.complete = false;
      return { ...response, errors };
    }
    const entries: CacheEntry[] = [];
    misses.forEach((index, j) => {
      const entity = fetched[j] ?? null;
      results[index] = entity;
      const key = keys[index];
      if (key === undefined || entity === null || errors?.length) return;
      entries.push({ key, value: JSON.stringify(entity), tags: [tagOf(reps[index]!)] });
    });
    if (entries.length > 0) await cache.set(ticket, entries);
    return { ...response, data: { ...response.data, _entities: results }, errors };
  };

  return {
    async process(options) {
      const query = options.request.query;
      if (!isIncoming(options) || !query) return inner.process(options);
      const track = requestTags(options.context);
      const kind = shape(query);
      if (!mayShare(cache, options.incomingRequestContext.request, options.context) || kind === 'none' || (kind === 'root' && !cache.enabled(subgraph, 'Query'))) {
        track.complete = false;
        return inner.process(options);
      }
      return kind === 'entities' ? entities(options, query, track) : root(options, query, track);
    },
  };
}

/**
 * A subgraph query without its operation name: the planner names each fetch after the client's
 * operation (`ProductPage__pricing__1`), and two operations asking a subgraph the same thing —
 * a page and a subscription's per-event fetch — share its cache entries.
 */
const unnamed = (query: string): string => query.replace(/^(query|mutation)\s+[_A-Za-z][_0-9A-Za-z]*/, '$1');

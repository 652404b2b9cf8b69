import type { GraphQLDataSource } from '@apollo/gateway';
import { ErrorCode } from '../lib/errors/index.js';

type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;
type Representation = { readonly __typename?: unknown } & Readonly<Record<string, unknown>>;

/**
 * An `@interfaceObject` reference (an `_entities` representation whose `__typename` is an
 * interface) is typed by the subgraph that owns the interface. When that subgraph does not
 * know the entity it answers null, and @apollo/gateway would leave a silent null in the
 * answer. This adds an error for each such entity instead: ENTITY_NOT_RESOLVED, with the
 * interface and the key at the entity's path. Entities of concrete types are left alone (a
 * missing one may rightly be null).
 */
export function interfaceObjectReferences(source: GraphQLDataSource, isInterface: (typename: string) => boolean): GraphQLDataSource {
  const guarded = Object.create(source) as GraphQLDataSource; // keeps the source's own methods (close)
  guarded.process = async (options) => {
    const response: Response = await source.process(options);
    const representations = options.request.variables?.representations as readonly Representation[] | undefined;
    const entities = (response.data as { _entities?: unknown[] } | null | undefined)?._entities;
    if (!Array.isArray(representations) || !Array.isArray(entities)) return response;
    const reported = new Set((response.errors ?? []).map((e) => e.path?.[1]));
    const unresolved = representations.flatMap((rep, i) => {
      const typename = rep?.__typename;
      if (entities[i] !== null || typeof typename !== 'string' || !isInterface(typename) || reported.has(i)) return [];
      const { __typename: _type, ...key } = rep;
      return [{
        message: `${typename} ${JSON.stringify(key)} is not known to the subgraph that types ${typename} references`,
        path: ['_entities', i], extensions: { code: ErrorCode.ENTITY_NOT_RESOLVED, typename, key },
      }];
    });
    return unresolved.length === 0 ? response : { ...response, errors: [...(response.errors ?? []), ...unresolved] };
  };
  return guarded;
}

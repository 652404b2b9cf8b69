import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { mayShare, type EntityCache } from './EntityCache.js';
import { requestTags } from './requestTags.js';

/**
 * Caches whole query responses in the {@link EntityCache}, tagged with the union of the tags of
 * the subgraph answers they were built from: a change event that drops one of those answers
 * drops the response too. A response is stored only when every subgraph answer in it was
 * cacheable (no errors, no type turned off, no caller identity), and a hit skips query-plan
 * execution entirely.
 */
export function responseCachePlugin(cache: EntityCache): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      if (!request.query || !mayShare(cache, request, contextValue) || !cache.enabled('gateway', 'Response')) return;
      const key = `gateway|Response|${createHash('sha1')
        .update(`${request.operationName ?? ''}\n${request.query}\n${JSON.stringify(request.variables ?? {})}`)
        .digest('base64url')}`;
      const ticket = cache.ticket();
      let hit = false;
      return {
        async responseForOperation({ operation, response }) {
          if (operation.operation !== 'query') return null;
          const [value] = await cache.get([key]);
          if (value === undefined) return null;
          hit = true;
          return { http: response.http, body: { kind: 'single', singleResult: JSON.parse(value) } };
        },
        async willSendResponse({ response, operation }) {
          if (hit || operation?.operation !== 'query' || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const track = requestTags(contextValue);
          if (result.errors?.length || !track.complete || track.tags.size === 0) return;
          await cache.set(ticket, [{ key, value: JSON.stringify(result), tags: [...track.tags] }]);
        },
      };
    },
  };
}

import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors/index.js';
import type { SubgraphClient } from '../../lib/subgraph/index.js';
import type { EdgeClient } from './clientKeys.js';

/** A client's registered documents, by id. */
export interface TrustedDocuments {
  find(clientId: string, documentId: string): Promise<string | undefined>;
}

/** Finds a client's registered document; undefined when it has none under that id. */
export type DocumentLookup = (clientId: string, documentId: string) => Promise<string | undefined>;

/**
 * Documents never change under their id: a found one is kept (up to `maxEntries`, least
 * recently used out first); "not registered" is re-asked after `negativeTtlMs`, so a fresh
 * upload is seen soon.
 */
export function cachedTrustedDocuments(lookup: DocumentLookup, options: { maxEntries?: number; negativeTtlMs?: number; now?: () => number } = {}): TrustedDocuments {
  const maxEntries = options.maxEntries ?? 10_000;
  const negativeTtl = options.negativeTtlMs ?? 2_000;
  const now = options.now ?? Date.now;
  const found = new Map<string, string>();
  const missing = new Map<string, number>();
  return {
    async find(clientId, documentId) {
      const key = `${clientId}\u0000${documentId}`;
      const hit = found.get(key);
      if (hit !== undefined) {
        found.delete(key);
        found.set(key, hit); // most recently used last
        return hit;
      }
      if ((missing.get(key) ?? -Infinity) > now() - negativeTtl) return undefined;
      const body = await lookup(clientId, documentId);
      if (body === undefined) {
        if (missing.size >= maxEntries) missing.clear();
        missing.set(key, now());
        return undefined;
      }
      found.set(key, body);
      if (found.size > maxEntries) found.delete(found.keys().next().value!);
      return body;
    },
  };
}

const DOCUMENT = /* GraphQL */ `query ($clientId: ID!, $documentId: String!) { trustedDocument(clientId: $clientId, documentId: $documentId) }`;

/** Looks documents up in the clients subgraph (its @inaccessible `trustedDocument`), signed as the gateway. */
export const documentLookupFromSubgraph = (clients: SubgraphClient): DocumentLookup => async (clientId, documentId) =>
  (await clients.request<{ trustedDocument: string | null }>(DOCUMENT, { clientId, documentId }, { idempotent: true })).trustedDocument ?? undefined;

const badRequest = (code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });

interface Operation { readonly query?: unknown; readonly documentId?: unknown; readonly extensions?: { readonly persistedQuery?: unknown } }

/**
 * The request body with each operation's `documentId` replaced by the client's registered
 * text. A client marked trusted-only may send only `documentId`s: operation text, automatic
 * persisted queries and GET requests are refused (400 PERSISTED_DOCUMENT_REQUIRED).
 */
export async function resolveTrustedDocuments(documents: TrustedDocuments, client: EdgeClient | undefined, body: unknown): Promise<unknown> {
  if (body === undefined || typeof body === 'string') {
    if (client?.trustedOnly) throw badRequest(ErrorCode.PERSISTED_DOCUMENT_REQUIRED, 'This client may send only registered documents: POST a JSON body with `documentId`');
    return body;
  }
  const resolveOne = async (operation: unknown): Promise<unknown> => {
    if (operation === null || typeof operation !== 'object') return operation;
    const { documentId, ...rest } = operation as Operation;
    if (documentId === undefined) {
      if (client?.trustedOnly) throw badRequest(ErrorCode.PERSISTED_DOCUMENT_REQUIRED, 'This client may send only registered documents: send `documentId` instead of the operation text');
      return operation;
    }
    if (typeof documentId !== 'string' || documentId === '') throw badRequest(ErrorCode.BAD_REQUEST, '`documentId` must be a non-empty string');
    if (rest.query !== undefined) throw badRequest(ErrorCode.BAD_REQUEST, 'Send either `documentId` or `query`, not both');
    const text = client ? await documents.find(client.id, documentId) : undefined;
    if (text === undefined) {
      throw badRequest(ErrorCode.PERSISTED_DOCUMENT_NOT_FOUND,
        client ? `No document ${documentId} is registered for this client` : 'Registered documents belong to a client: send its key in the X-Api-Key header',
        { documentId });
    }
    return { ...rest, query: text };
  };
  return Array.isArray(body) ? Promise.all(body.map(resolveOne)) : resolveOne(body);
}

import { requireScope } from '../../lib/auth/index.js';
import { badUserInput, ErrorCode, userError } from '../../lib/errors/index.js';
import { clientChange, ClientInputError, newClient, overlapMs } from './clientRules.js';
import type { IssuedKey } from './clientStore.js';
import type { ClientsContext } from './context.js';
import type { ApiClientKind, Resolvers } from './generated/types.js';

// The gateway enforces `clients:admin` (@requiresScopes) before anything reaches this subgraph;
// `apiKeyGrant` is @inaccessible: only the gateway's own signed lookup (scope `clients:lookup`) asks it.

/** The scope of the gateway's service identity when it looks a key up. */
export const KEY_LOOKUP_SCOPE = 'clients:lookup';

const notFound = (id: string) => userError(ErrorCode.API_CLIENT_NOT_FOUND, `API client ${id} not found`, { clientId: id });

const iso = (date: Date | null) => date?.toISOString() ?? null;
const upper = (kind: string) => kind.toUpperCase() as ApiClientKind;
const optional = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** Runs `build`, answering a broken rule as BAD_USER_INPUT. */
function checked<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ClientInputError) throw badUserInput(error.message, error.field);
    throw error;
  }
}

async function issued(ctx: ClientsContext, clientId: string, issue: IssuedKey) {
  return { client: (await ctx.store.get(clientId))!, apiKey: issue.apiKey, key: issue.key };
}

export const resolvers: Resolvers = {
  ApiClient: {
    __resolveReference: async ({ id }, ctx) => (await ctx.store.get(id)) ?? null,
    kind: (c) => upper(c.kind),
    disabled: (c) => c.disabledAt !== null,
    keys: (c, _args, ctx) => ctx.store.keys(c.id),
    documentCount: (c, _args, ctx) => ctx.store.documentCount(c.id),
    createdAt: (c) => c.createdAt.toISOString(),
  },
  ApiKey: {
    createdAt: (k) => k.createdAt.toISOString(),
    expiresAt: (k) => iso(k.expiresAt),
    revokedAt: (k) => iso(k.revokedAt),
    live: (k) => k.revokedAt === null && (k.expiresAt === null || k.expiresAt > new Date()),
  },
  ApiKeyGrant: {
    kind: (c) => upper(c.kind),
  },
  Query: {
    apiClients: (_root, _args, ctx) => ctx.store.list(),
    apiClient: async (_root, { id }, ctx) => (await ctx.store.get(id)) ?? null,
    async apiKeyGrant(_root, { keyHash }, ctx) {
      requireScope(ctx.identity, KEY_LOOKUP_SCOPE);
      if (!/^[0-9a-f]{64}$/.test(keyHash)) throw badUserInput('keyHash must be a hex SHA-256', 'keyHash');
      const client = await ctx.store.byKeyHash(keyHash);
      return client ? { ...client, clientId: client.id } : null;
    },
    async trustedDocument(_root, { clientId, documentId }, ctx) {
      requireScope(ctx.identity, KEY_LOOKUP_SCOPE);
      return (await ctx.store.document(clientId, documentId)) ?? null;
    },
  },
  Mutation: {
    async createApiClient(_root, { input }, ctx) {
      const client = checked(() => newClient({ ...input, kind: input.kind.toLowerCase(), trustedOnly: optional(input.trustedOnly) }));
      const created = await ctx.store.create(client);
      if (!created) throw userError(ErrorCode.API_CLIENT_EXISTS, `API client ${client.id} already exists`, { clientId: client.id });
      return { client: created.client, apiKey: created.issued.apiKey, key: created.issued.key };
    },
    async updateApiClient(_root, { input }, ctx) {
      const change = checked(() => clientChange({
        name: optional(input.name), requestsPerSecond: optional(input.requestsPerSecond), costPerMinute: optional(input.costPerMinute),
        trustedOnly: optional(input.trustedOnly), disabled: optional(input.disabled),
      }));
      const updated = await ctx.store.update(input.id, change);
      if (!updated) throw notFound(input.id);
      return updated;
    },
    async rotateApiKey(_root, { clientId, overlapHours }, ctx) {
      const issue = await ctx.store.rotate(clientId, checked(() => overlapMs(overlapHours ?? 24)));
      if (!issue) throw notFound(clientId);
      return issued(ctx, clientId, issue);
    },
    async revokeApiKey(_root, { keyId }, ctx) {
      const revoked = await ctx.store.revoke(keyId);
      if (!revoked) throw userError(ErrorCode.API_KEY_NOT_FOUND, `No live API key ${keyId}`, { keyId });
      return revoked;
    },
  },
};

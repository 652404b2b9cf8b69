import { badUserInput, ErrorCode, userError } from '../../lib/errors/index.js';
import { assertPageSize, assertText, decodeCursor, encodeCursor } from '../../lib/validation/index.js';
import { eventTypesOf, type DeliveryStatus, type Endpoint } from './delivery/index.js';
import type { WebhooksContext } from './context.js';
import type { Resolvers, WebhookDeliveryStatus } from './generated/types.js';

// The gateway enforces `webhooks:admin` (@requiresScopes) before anything reaches this subgraph.

const notFound = (id: string) => userError(ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND, `Webhook endpoint ${id} not found`, { endpointId: id });

async function endpoint(ctx: WebhooksContext, id: string): Promise<Endpoint> {
  const found = await ctx.store.get(id);
  if (!found) throw notFound(id);
  return found;
}

const toStatus = (status: WebhookDeliveryStatus | null | undefined): DeliveryStatus | undefined => (status ? (status.toLowerCase() as DeliveryStatus) : undefined);

export const resolvers: Resolvers = {
  WebhookEndpoint: {
    __resolveReference: async ({ id }, ctx) => (await ctx.store.get(id)) ?? null,
    status: (e) => (e.status === 'active' ? 'ACTIVE' : 'PAUSED'),
    createdAt: (e) => e.createdAt.toISOString(),
  },
  WebhookDelivery: {
    id: (d) => String(d.id),
    status: (d) => d.status.toUpperCase() as WebhookDeliveryStatus,
    lastStatusCode: (d) => d.lastStatus,
    nextAttemptAt: (d) => d.nextAttemptAt?.toISOString() ?? null,
    createdAt: (d) => d.createdAt.toISOString(),
    deliveredAt: (d) => d.deliveredAt?.toISOString() ?? null,
    attemptLog: (d, _args, ctx) => ctx.attempts.load(String(d.id)),
  },
  WebhookAttempt: {
    at: (a) => a.at.toISOString(),
    statusCode: (a) => a.status,
  },
  Query: {
    webhookEndpoints: (_root, { clientId }, ctx) => ctx.store.list(clientId ?? undefined),
    async webhookDeliveries(_root, { endpointId, status, first, after }, ctx) {
      await endpoint(ctx, endpointId);
      const size = assertPageSize(first ?? 20, 100);
      const page = await ctx.store.deliveries(endpointId, { status: toStatus(status), first: size + 1, ...(after ? { after: decodeCursor(after) } : {}) });
      const nodes = page.slice(0, size);
      return { nodes, pageInfo: { hasNextPage: page.length > size, endCursor: nodes.length > 0 ? encodeCursor(nodes.at(-1)!.id) : null } };
    },
  },
  Mutation: {
    async createWebhookEndpoint(_root, { input }, ctx) {
      const clientId = assertText(input.clientId, 'clientId', 100);
      const refused = ctx.urlRefusal(input.url);
      if (refused) throw badUserInput(`url: ${refused}`, 'url');
      let eventTypes;
      try {
        eventTypes = eventTypesOf(input.eventTypes);
      } catch (error) {
        throw badUserInput((error as Error).message, 'eventTypes');
      }
      return ctx.store.create({ clientId, url: input.url, eventTypes });
    },
    async pauseWebhookEndpoint(_root, { id }, ctx) {
      if (!(await ctx.store.setStatus(id, 'paused'))) throw notFound(id);
      return endpoint(ctx, id);
    },
    async resumeWebhookEndpoint(_root, { id }, ctx) {
      if (!(await ctx.store.setStatus(id, 'active'))) throw notFound(id);
      return endpoint(ctx, id);
    },
    async rotateWebhookSecret(_root, { id, overlapHours }, ctx) {
      const hours = overlapHours ?? 24;
      if (!Number.isInteger(hours) || hours < 0 || hours > 168) throw badUserInput('overlapHours must be 0 to 168', 'overlapHours');
      const secret = await ctx.store.rotateSecret(id, hours * 3600_000);
      if (!secret) throw notFound(id);
      return { endpoint: await endpoint(ctx, id), secret, previousValidUntil: new Date(Date.now() + hours * 3600_000).toISOString() };
    },
    deleteWebhookEndpoint: async (_root, { id }, ctx) => {
      if (!(await ctx.store.delete(id))) throw notFound(id);
      return true;
    },
    async replayDeadWebhookDeliveries(_root, { endpointId }, ctx) {
      await endpoint(ctx, endpointId);
      return ctx.store.replayDead(endpointId);
    },
    async sendTestEvent(_root, { endpointId }, ctx) {
      const eventId = await ctx.store.sendTestEvent(endpointId);
      if (!eventId) throw notFound(endpointId);
      return eventId;
    },
  },
};

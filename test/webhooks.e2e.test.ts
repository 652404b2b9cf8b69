import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEBHOOK_SETTINGS } from '../lib/config/index.js';
import { authHeader } from './helpers/auth.js';
import { waitFor } from './helpers/events.js';
import { gql } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const CREATE = /* GraphQL */ `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { id status eventTypes } } }`;
const DELIVERIES = /* GraphQL */ `query ($id: ID!, $status: WebhookDeliveryStatus) { webhookDeliveries(endpointId: $id, status: $status, first: 10) {
  nodes { eventId eventType subject status attempts lastStatusCode lastLatencyMs deliveredAt attemptLog { attempt at statusCode error latencyMs } } pageInfo { hasNextPage } } }`;
const SET_PRICE = /* GraphQL */ `mutation ($input: SetPriceInput!) { setPrice(input: $input) { version } }`;

describe('partner webhooks through the gateway', () => {
  let stack: TestStack;
  let admin: Record<string, string>;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const partner = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push({ headers: req.headers, body });
    res.end();
  });
  let partnerUrl: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/commerce-hooks`;
    stack = await startTestStack('pg', { products: 12, webhooks: { ...DEFAULT_WEBHOOK_SETTINGS, allowLoopback: true } });
    admin = await authHeader(stack, 'admin');
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await new Promise((resolve) => partner.close(resolve));
  });

  it('sends a partner the price changes it subscribed to, signed, and shows the deliveries to staff', async () => {
    const created = await gql(stack.url, CREATE, { input: { clientId: 'price-compare-co', url: partnerUrl, eventTypes: ['price'] } }, admin);
    expect(created.body.errors).toBeUndefined();
    const { secret, endpoint } = created.body.data.createWebhookEndpoint;
    expect(endpoint).toMatchObject({ status: 'ACTIVE', eventTypes: ['commerce.pricing.price_changed.v1'] });
    const merchandiser = await authHeader(stack, 'merchandiser');
    expect((await gql(stack.url, SET_PRICE, { input: { productId: 'p-3', currency: 'EUR', listAmount: 4321 } }, merchandiser)).body.errors).toBeUndefined();
    await waitFor(() => received.length === 1, 15_000, 'the webhook');
    const event = new Webhook(secret).verify(received[0]!.body, received[0]!.headers as Record<string, string>) as { type: string; subject: string; data: { after: { listAmount: number } } };
    expect(event).toMatchObject({ type: 'commerce.pricing.price_changed.v1', subject: 'p-3', data: { after: { listAmount: 4321 } } });
    await waitFor(async () => (await gql(stack.url, DELIVERIES, { id: endpoint.id, status: 'DELIVERED' }, admin)).body.data?.webhookDeliveries.nodes.length === 1, 5000, 'the delivery row');
    const [delivery] = (await gql(stack.url, DELIVERIES, { id: endpoint.id }, admin)).body.data.webhookDeliveries.nodes;
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200, subject: 'p-3', eventType: 'commerce.pricing.price_changed.v1' });
    expect(delivery.attemptLog).toEqual([{ attempt: 1, at: expect.any(String), statusCode: 200, error: null, latencyMs: expect.any(Number) }]);
  });

  it('is staff only, and refuses bad endpoints with clear codes', async () => {
    const customer = await gql(stack.url, CREATE, { input: { clientId: 'x', url: partnerUrl, eventTypes: ['price'] } }, await authHeader(stack, 'customer'));
    expect(customer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = async (input: Record<string, unknown>) => (await gql(stack.url, CREATE, { input: { clientId: 'x', url: partnerUrl, eventTypes: ['price'], ...input } }, admin)).body.errors?.[0]?.extensions;
    expect(await bad({ url: 'http://10.0.0.8/hooks' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(await bad({ url: 'ftp://example.com/' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(await bad({ eventTypes: ['prices-and-more'] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventTypes' });
    const missing = await gql(stack.url, DELIVERIES, { id: 'we_missing' }, admin);
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'WEBHOOK_ENDPOINT_NOT_FOUND', endpointId: 'we_missing' });
  });
});

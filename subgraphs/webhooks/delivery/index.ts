export { BlockedAddressError, guardedLookup, isAllowedAddress } from './addressGuard.js';
export type { AddressAllowance } from './addressGuard.js';
export { createWebhookSender, signatureHeaders } from './sendWebhook.js';
export type { SendOutcome, WebhookMessage, WebhookSender, WebhookSenderOptions } from './sendWebhook.js';
export { retryDelay, startWebhooks, WEBHOOKS_GROUP } from './startWebhooks.js';
export type { Webhooks, WebhooksOptions } from './startWebhooks.js';
export { createWebhookStore, EVENT_FAMILIES, eventTypesOf, newSecret } from './webhookStore.js';
export type { Delivery, DeliveryStatus, Endpoint, WebhookStore } from './webhookStore.js';

export { Reply, header, readBody, safeEqual } from './http.js';
export type { Answer } from './http.js';
export { NO_HTTP_FAULTS } from './faults.js';
export type { HttpFaults } from './faults.js';
export { createWebhookSender } from './webhookSender.js';
export type { WebhookFaults, WebhookSender, WebhookStats } from './webhookSender.js';

export type {
  AttemptStatus, AuthorizeRequest, AuthorizeResult, Money, PaymentMethod, PaymentProvider, ProviderAttempt, RefusalReason, VoidResult,
} from './PaymentProvider.js';
export { isLive } from './PaymentProvider.js';
export type { ProviderOptions } from './ProviderOptions.js';
export { createPayviaProvider } from './payviaProvider.js';
export type { PayviaSettings } from './payviaProvider.js';
export { createAcquiraProvider } from './acquiraProvider.js';
export type { AcquiraSettings } from './acquiraProvider.js';
export { authorizeWithFailover } from './authorizeWithFailover.js';
export type { FailoverOptions, FailoverResult, FailoverStep } from './authorizeWithFailover.js';
export { statusAfter, WebhookVerificationError } from './ProviderEvent.js';
export type { ProviderEvent, WebhookVerificationCode } from './ProviderEvent.js';
export { verifyPayviaWebhook } from './verifyPayviaWebhook.js';
export type { PayviaWebhookOptions } from './verifyPayviaWebhook.js';
export { verifyAcquiraNotification } from './verifyAcquiraNotification.js';
export type { AcquiraNotificationOptions } from './verifyAcquiraNotification.js';

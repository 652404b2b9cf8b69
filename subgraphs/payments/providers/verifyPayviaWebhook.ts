import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AttemptStatus } from './PaymentProvider.js';
import { WebhookVerificationError, type ProviderEvent } from './ProviderEvent.js';

/** Options for {@link verifyPayviaWebhook}. */
export interface PayviaWebhookOptions {
  /** Largest allowed distance between the signed timestamp and now, in seconds. @default 300 */
  readonly toleranceSec?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

const STATUS_BY_TYPE: Record<string, AttemptStatus | null> = {
  'payment_intent.created': 'created',
  'payment_intent.processing': 'pending',
  'payment_intent.amount_capturable_updated': 'authorized',
  'payment_intent.canceled': 'voided',
  'payment_intent.succeeded': 'captured',
};

/**
 * Verifies a payvia event from its raw body and `Payvia-Signature` header
 * (`t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; several v1 are allowed while a secret
 * rotates), then the timestamp's window. Throws {@link WebhookVerificationError}.
 */
export function verifyPayviaWebhook(rawBody: string, signatureHeader: string | undefined, secret: string, options: PayviaWebhookOptions = {}): ProviderEvent {
  if (!signatureHeader) throw new WebhookVerificationError('SIGNATURE_MISSING', 'No Payvia-Signature header');
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of signatureHeader.split(',')) {
    const [key, value = ''] = part.split('=', 2).map((s) => s.trim()) as [string, string?];
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) throw new WebhookVerificationError('SIGNATURE_MISSING', 'Payvia-Signature has no t= or v1=');
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  if (!signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected))) throw new WebhookVerificationError('SIGNATURE_INVALID', 'No v1 signature matches');
  const nowSec = (options.now ?? Date.now)() / 1000;
  if (Math.abs(nowSec - timestamp) > (options.toleranceSec ?? 300)) throw new WebhookVerificationError('TIMESTAMP_OUT_OF_WINDOW', `Signed ${Math.round(nowSec - timestamp)} s ago`);

  let event: { id?: unknown; type?: unknown; created?: unknown; data?: { object?: { id?: unknown; metadata?: Record<string, unknown>; last_payment_error?: { type?: string } | null } } };
  try {
    event = JSON.parse(rawBody) as typeof event;
  } catch {
    throw new WebhookVerificationError('MALFORMED', 'The body is not JSON');
  }
  const intent = event.data?.object;
  if (typeof event.id !== 'string' || typeof event.type !== 'string' || typeof intent?.id !== 'string' || typeof event.created !== 'number') {
    throw new WebhookVerificationError('MALFORMED', 'Not a payment_intent event');
  }
  const failedStatus: AttemptStatus = intent.last_payment_error?.type === 'card_error' ? 'refused' : 'failed';
  const status = event.type === 'payment_intent.payment_failed' ? failedStatus : STATUS_BY_TYPE[event.type] ?? null;
  const key = intent.metadata?.idempotency_key;
  return {
    provider: 'payvia', eventId: event.id, authorizationId: intent.id, idempotencyKey: typeof key === 'string' ? key : null,
    status, occurredAt: new Date(event.created * 1000),
  };
}

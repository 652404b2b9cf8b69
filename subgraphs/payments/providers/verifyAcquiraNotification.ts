import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AttemptStatus } from './PaymentProvider.js';
import { WebhookVerificationError, type ProviderEvent } from './ProviderEvent.js';

/** Options for {@link verifyAcquiraNotification}. */
export interface AcquiraNotificationOptions {
  /**
   * Oldest `eventDate` accepted, in seconds. The date is not signed and the provider retries
   * a notification for days with its first date, so this only refuses what is plainly
   * stale; replays are harmless anyway (idempotent by event id). @default 259200 (3 days)
   */
  readonly maxAgeSec?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

interface Item {
  eventCode?: unknown; success?: unknown; pspReference?: unknown; originalReference?: unknown; merchantAccountCode?: unknown;
  merchantReference?: unknown; amount?: { value?: unknown; currency?: unknown }; eventDate?: unknown; reason?: unknown;
  additionalData?: { hmacSignature?: unknown };
}

/**
 * Verifies every item of an acquira notification (Adyen's HMAC: base64 HMAC-SHA256, keyed by
 * the hex key, of `pspReference:originalReference:merchantAccountCode:merchantReference:
 * value:currency:eventCode:success`). One bad item refuses the batch. Event ids are
 * `eventCode:pspReference:success`, unique per notification at the provider.
 */
export function verifyAcquiraNotification(rawBody: string, hexKey: string, options: AcquiraNotificationOptions = {}): ProviderEvent[] {
  let body: { notificationItems?: { NotificationRequestItem?: Item }[] };
  try {
    body = JSON.parse(rawBody) as typeof body;
  } catch {
    throw new WebhookVerificationError('MALFORMED', 'The body is not JSON');
  }
  if (!Array.isArray(body.notificationItems) || body.notificationItems.length === 0) throw new WebhookVerificationError('MALFORMED', 'No notificationItems');
  const key = Buffer.from(hexKey, 'hex');
  const now = (options.now ?? Date.now)();
  return body.notificationItems.map(({ NotificationRequestItem: item }) => {
    if (!item || typeof item.pspReference !== 'string' || typeof item.eventCode !== 'string' || typeof item.merchantReference !== 'string' ||
      (item.success !== 'true' && item.success !== 'false') || typeof item.amount?.value !== 'number' || typeof item.amount.currency !== 'string') {
      throw new WebhookVerificationError('MALFORMED', 'A notification item lacks its fields');
    }
    const given = item.additionalData?.hmacSignature;
    if (typeof given !== 'string' || given === '') throw new WebhookVerificationError('SIGNATURE_MISSING', 'An item has no hmacSignature');
    const payload = [item.pspReference, typeof item.originalReference === 'string' ? item.originalReference : '', item.merchantAccountCode,
      item.merchantReference, item.amount.value, item.amount.currency, item.eventCode, item.success].join(':');
    const expected = createHmac('sha256', key).update(payload).digest();
    const actual = Buffer.from(given, 'base64');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new WebhookVerificationError('SIGNATURE_INVALID', 'An item\'s hmacSignature does not match');
    const occurredAt = new Date(typeof item.eventDate === 'string' ? item.eventDate : NaN);
    if (Number.isNaN(occurredAt.getTime())) throw new WebhookVerificationError('MALFORMED', 'An item has no eventDate');
    if (now - occurredAt.getTime() > (options.maxAgeSec ?? 259_200) * 1000) throw new WebhookVerificationError('TIMESTAMP_OUT_OF_WINDOW', 'An item is too old');
    const success = item.success === 'true';
    const original = typeof item.originalReference === 'string' && item.originalReference !== '' ? item.originalReference : undefined;
    return {
      provider: 'acquira',
      eventId: `${item.eventCode}:${item.pspReference}:${item.success}`,
      authorizationId: original ?? item.pspReference,
      idempotencyKey: item.merchantReference,
      status: statusOf(item.eventCode, success, item.reason),
      occurredAt,
    };
  });
}

function statusOf(eventCode: string, success: boolean, reason: unknown): AttemptStatus | null {
  if (eventCode === 'AUTHORISATION') return success ? 'authorized' : reason === 'Acquirer Error' ? 'failed' : 'refused';
  if (eventCode === 'CANCELLATION') return success ? 'voided' : null;
  if (eventCode === 'CAPTURE') return success ? 'captured' : null;
  return null;
}

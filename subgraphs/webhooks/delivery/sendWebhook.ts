import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { BlockedAddressError, guardedLookup, isAllowedAddress, type AddressAllowance } from './addressGuard.js';

/** How one delivery attempt went. */
export type SendOutcome =
  | { readonly ok: true; readonly status: number; readonly latencyMs: number }
  | { readonly ok: false; readonly status?: number; readonly error: string; readonly latencyMs: number; readonly blocked?: boolean };

/** Options for {@link createWebhookSender}. */
export interface WebhookSenderOptions {
  /** `loopback` lets development and tests reach 127.0.0.1/::1; production reaches public addresses only. @default 'public' */
  readonly allowance?: AddressAllowance;
  /** Plain `http:` URLs are refused unless allowed (production sends over HTTPS only). @default false */
  readonly allowHttp?: boolean;
  /** Connect, headers and body each. @default 10 000 */
  readonly timeoutMs?: number;
  /** A receiver's answer is read up to this many bytes, the rest discarded. @default 16 KiB */
  readonly maxResponseBytes?: number;
}

/** A message the sender signs and posts: the Standard Webhooks id, its payload (the CloudEvent) and every live secret. */
export interface WebhookMessage {
  readonly id: string;
  readonly url: string;
  readonly payload: string;
  readonly secrets: readonly string[];
}

/** Signs with every live secret (space-separated `v1,<sig>`: receivers holding either key during a rotation verify). */
export function signatureHeaders(message: Pick<WebhookMessage, 'id' | 'payload' | 'secrets'>, now = new Date()): Record<string, string> {
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': message.secrets.map((secret) => new Webhook(secret).sign(message.id, timestamp, message.payload)).join(' '),
  };
}

/**
 * Posts signed webhooks with undici: no redirect is followed (a 3xx is a failure, so a
 * receiver cannot bounce us to an internal address), every connection's addresses are checked
 * at connect time, timeouts everywhere, and only the start of the answer is read.
 */
export function createWebhookSender(options: WebhookSenderOptions = {}) {
  const allowance = options.allowance ?? 'public';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxResponseBytes = options.maxResponseBytes ?? 16 * 1024;
  const agent = new Agent({ connect: { lookup: guardedLookup(allowance), timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 30_000 });

  /** Why `url` may not be posted to at all, if it may not. */
  const refusal = (url: string): string | undefined => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'not a URL';
    }
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && options.allowHttp)) return `${parsed.protocol} is not allowed (HTTPS only)`;
    // An IP literal is connected to without a lookup: check it here.
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (/^[\d.]+$|:/.test(host) && !isAllowedAddress(host, allowance)) return `${host} is not an address webhooks may reach`;
    return undefined;
  };

  return {
    refusal,
    async send(message: WebhookMessage): Promise<SendOutcome> {
      const started = performance.now();
      const refused = refusal(message.url);
      if (refused) return { ok: false, error: refused, latencyMs: 0, blocked: true };
      try {
        const response = await request(message.url, {
          method: 'POST', dispatcher: agent, body: message.payload,
          headers: { 'content-type': 'application/cloudevents+json', 'user-agent': 'commerce-supergraph-webhooks/1', ...signatureHeaders(message) },
        });
        let read = 0;
        for await (const chunk of response.body) {
          read += (chunk as Buffer).length;
          if (read >= maxResponseBytes) break; // the rest is not ours to wait for
        }
        response.body.destroy();
        const latencyMs = Math.round(performance.now() - started);
        if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true, status: response.statusCode, latencyMs };
        return { ok: false, status: response.statusCode, error: `HTTP ${response.statusCode}`, latencyMs };
      } catch (error) {
        const latencyMs = Math.round(performance.now() - started);
        const blocked = error instanceof BlockedAddressError || (error as { cause?: unknown }).cause instanceof BlockedAddressError;
        return { ok: false, error: (error as Error).message, latencyMs, ...(blocked ? { blocked: true } : {}) };
      }
    },
    close: () => agent.close(),
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;

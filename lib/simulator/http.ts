import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// HTTP helpers every local simulator of an external API shares (carriers, payment providers).

/** An answer thrown by a handler; `charged` when a payment provider recorded a charge before answering. */
export class Reply extends Error {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}, readonly charged = false) {
    super(`HTTP ${status}`);
  }
}

/** What a provider API handler answers. `charged`: an authorization was recorded (lost-answer faults apply). */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  readonly charged?: boolean;
}

/** One request header's value (the first, when repeated). */
export const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Constant-time comparison of a presented credential with the expected one. */
export function safeEqual(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request body as text, refusing more than `limit` bytes with 413. */
export function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new Reply(413, { error: 'payload_too_large' }));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { jwtVerify } from 'jose';
import { WebhookVerificationError } from '../../../lib/http/index.js';
import { safeEqual } from '../../../lib/simulator/index.js';
import { statusOfCode, type TrackingCarrier, type TrackingUpdate } from './TrackingStatus.js';

/** What a push is checked with: the carrier's secret, the allowed clock distance, and now. */
export interface PushCheck {
  readonly secret: string;
  /** skyway: the JWT's audience (our client id at skyway). */
  readonly audience?: string;
  /** Largest distance between the push's signed send time and now, in seconds. @default 300 */
  readonly toleranceSec?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A push as it arrived: the raw body, the query string and the headers. */
export interface ArrivedPush {
  readonly body: string;
  readonly query: URLSearchParams;
  header(name: string): string | undefined;
}

/**
 * Verifies a carrier's tracking push its own way and returns its events in neutral terms.
 * Throws {@link WebhookVerificationError}: SIGNATURE_MISSING / SIGNATURE_INVALID /
 * TIMESTAMP_OUT_OF_WINDOW (answer 401, change nothing), MALFORMED (400).
 */
export async function verifyTrackingPush(carrier: TrackingCarrier, push: ArrivedPush, check: PushCheck): Promise<TrackingUpdate[]> {
  const nowSec = (check.now ?? Date.now)() / 1000;
  const tolerance = check.toleranceSec ?? 300;
  const inWindow = (sentSec: number) => {
    if (!(Math.abs(nowSec - sentSec) <= tolerance)) throw new WebhookVerificationError('TIMESTAMP_OUT_OF_WINDOW', `Sent ${Math.round(nowSec - sentSec)} s ago`);
  };
  switch (carrier) {
    case 'parcelo': {
      const token = push.query.get('token');
      if (!token) throw new WebhookVerificationError('SIGNATURE_MISSING', 'No token in the query');
      if (!safeEqual(token, check.secret)) throw new WebhookVerificationError('SIGNATURE_INVALID', 'The token does not match');
      const event = parseJson(push.body) as Record<string, unknown>;
      inWindow(Date.parse(String(event.sent_at)) / 1000);
      const location = event.location as { city?: unknown; country?: unknown } | undefined;
      return [update(carrier, event.event_id, event.tracking_code, event.status, Date.parse(String(event.occurred_at)),
        location && typeof location.city === 'string' ? `${location.city}, ${String(location.country ?? '')}` : null)];
    }
    case 'skyway': {
      if (!push.body.trim()) throw new WebhookVerificationError('SIGNATURE_MISSING', 'No JWT in the body');
      let claims: Record<string, unknown>;
      try {
        ({ payload: claims } = await jwtVerify(push.body.trim(), new TextEncoder().encode(check.secret), {
          algorithms: ['HS256'], issuer: 'skyway', ...(check.audience ? { audience: check.audience } : {}),
          // Expiry and issue time are checked below against our window, not jose's clock.
          currentDate: new Date(nowSec * 1000),
          clockTolerance: tolerance,
        }));
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ERR_JWT_EXPIRED') throw new WebhookVerificationError('TIMESTAMP_OUT_OF_WINDOW', 'The JWT expired');
        throw new WebhookVerificationError('SIGNATURE_INVALID', `The JWT does not verify (${code ?? 'invalid'})`);
      }
      if (typeof claims.iat !== 'number') throw new WebhookVerificationError('SIGNATURE_MISSING', 'The JWT has no iat');
      inWindow(claims.iat);
      return [update(carrier, claims.jti, claims.trackingId, claims.code, Date.parse(String(claims.eventTime)), typeof claims.facility === 'string' ? claims.facility : null)];
    }
    case 'freightly': {
      const header = push.header('x-freightly-signature');
      if (!header) throw new WebhookVerificationError('SIGNATURE_MISSING', 'No X-Freightly-Signature header');
      const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
      const t = parts.get('t');
      const v1 = parts.get('v1');
      if (!t || !/^\d{1,12}$/.test(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) throw new WebhookVerificationError('SIGNATURE_MISSING', 'X-Freightly-Signature has no t= or v1=');
      const expected = createHmac('sha256', check.secret).update(`${t}.${push.body}`).digest();
      if (!timingSafeEqual(Buffer.from(v1, 'hex'), expected)) throw new WebhookVerificationError('SIGNATURE_INVALID', 'The signature does not match');
      inWindow(Number(t));
      const events = (parseJson(push.body) as { events?: unknown }).events;
      if (!Array.isArray(events) || events.length === 0 || events.length > 100) throw new WebhookVerificationError('MALFORMED', 'events must be a list of 1 to 100');
      return events.map((e: Record<string, unknown>) =>
        update(carrier, e.id, e.consignment_no, e.type, typeof e.timestamp === 'number' ? e.timestamp * 1000 : NaN, typeof e.depot === 'string' ? e.depot : null));
    }
  }
}

function update(carrier: TrackingCarrier, eventId: unknown, trackingNumber: unknown, code: unknown, occurredAtMs: number, location: string | null): TrackingUpdate {
  const status = statusOfCode(carrier, code);
  const text = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 200;
  if (!text(eventId) || !text(trackingNumber) || !status || !Number.isFinite(occurredAtMs)) {
    throw new WebhookVerificationError('MALFORMED', `Not a ${carrier} tracking event (event id, tracking number, a known status and a time)`);
  }
  return { carrier, eventId: eventId as string, trackingNumber: trackingNumber as string, status, occurredAt: new Date(occurredAtMs), location: location?.slice(0, 200) ?? null };
}

function parseJson(body: string): unknown {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value === 'object' && value !== null) return value;
  } catch {
    // answered below
  }
  throw new WebhookVerificationError('MALFORMED', 'The body is not a JSON object');
}

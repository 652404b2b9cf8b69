import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { CARRIER_STATUS_CODES, type TrackingCarrier, type TrackingStatus } from '../tracking/TrackingStatus.js';

/** The secrets each carrier signs its tracking pushes with (the shipping subgraph holds the same). */
export interface TrackingSecrets {
  /** parcelo: a shared token in the webhook URL's query (`?token=`). */
  readonly parcelo: { readonly webhookToken: string };
  /** skyway: the HS256 key of the JWT that is the push's body; its audience is our client id. */
  readonly skyway: { readonly webhookKey: string; readonly clientId: string };
  /** freightly: the HMAC-SHA256 key of the `X-Freightly-Signature` header. */
  readonly freightly: { readonly webhookSecret: string };
}

/** One tracking event as a carrier knows it. */
export interface TrackingEvent {
  readonly eventId: string;
  readonly trackingNumber: string;
  readonly status: TrackingStatus;
  readonly occurredAt: Date;
  readonly location: { readonly city: string; readonly country: string };
}

/** An HTTP push: appended to the webhook URL (`query`), its headers and body. */
export interface TrackingPush {
  readonly query: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * A tracking event as each carrier pushes it, signed its own way:
 * - parcelo: JSON, a shared token in the query and `sent_at` in the body;
 * - skyway: the body is a compact HS256 JWT (`application/jwt`) with the event in its claims;
 * - freightly: `{ events: [...] }` with `X-Freightly-Signature: t=<unix>,v1=<hex HMAC of "<t>.<body>">`.
 * `sentAt` is when the carrier sends it (a replay keeps the old one).
 */
export async function trackingPush(carrier: TrackingCarrier, secrets: TrackingSecrets, event: TrackingEvent, sentAt = new Date()): Promise<TrackingPush> {
  const code = CARRIER_STATUS_CODES[carrier][event.status];
  switch (carrier) {
    case 'parcelo':
      return {
        query: `token=${encodeURIComponent(secrets.parcelo.webhookToken)}`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          event_id: event.eventId, tracking_code: event.trackingNumber, status: code,
          occurred_at: event.occurredAt.toISOString(), sent_at: sentAt.toISOString(), location: event.location,
        }),
      };
    case 'skyway': {
      const iat = Math.floor(sentAt.getTime() / 1000);
      const jwt = await new SignJWT({
        trackingId: event.trackingNumber, code, eventTime: event.occurredAt.toISOString(),
        facility: `${event.location.city}, ${event.location.country}`,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer('skyway').setAudience(secrets.skyway.clientId).setJti(event.eventId)
        .setIssuedAt(iat).setExpirationTime(iat + 300)
        .sign(new TextEncoder().encode(secrets.skyway.webhookKey));
      return { query: '', headers: { 'content-type': 'application/jwt' }, body: jwt };
    }
    case 'freightly': {
      const body = JSON.stringify({
        events: [{
          id: event.eventId, consignment_no: event.trackingNumber, type: code,
          timestamp: Math.floor(event.occurredAt.getTime() / 1000), depot: event.location.city,
        }],
      });
      const t = Math.floor(sentAt.getTime() / 1000);
      const v1 = createHmac('sha256', secrets.freightly.webhookSecret).update(`${t}.${body}`).digest('hex');
      return { query: '', headers: { 'content-type': 'application/json', 'x-freightly-signature': `t=${t},v1=${v1}` }, body };
    }
  }
}

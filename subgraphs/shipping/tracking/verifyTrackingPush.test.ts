import { describe, expect, it } from 'vitest';
import { trackingPush, type TrackingEvent, type TrackingSecrets } from '../simulator/trackingPushes.js';
import { TRACKING_CARRIERS, type TrackingCarrier } from './TrackingStatus.js';
import { verifyTrackingPush, type PushCheck } from './verifyTrackingPush.js';

// Each carrier's tracking push as the simulator signs it, verified as the shipping subgraph
// does: the round trip holds, and every way a push can be forged, stale or garbled is refused.

const secrets: TrackingSecrets = {
  parcelo: { webhookToken: 'parcelo-token-0123456789abcdef' },
  skyway: { webhookKey: 'skyway-key-0123456789abcdef0123', clientId: 'shop-42' },
  freightly: { webhookSecret: 'freightly-secret-0123456789abcd' },
};
const checks: Record<TrackingCarrier, PushCheck> = {
  parcelo: { secret: secrets.parcelo.webhookToken },
  skyway: { secret: secrets.skyway.webhookKey, audience: secrets.skyway.clientId },
  freightly: { secret: secrets.freightly.webhookSecret },
};
const event: TrackingEvent = {
  eventId: 'evt-1', trackingNumber: 'TRK-1', status: 'IN_TRANSIT', occurredAt: new Date('2026-12-04T08:00:00.000Z'), location: { city: 'Leipzig', country: 'DE' },
};

/** A push as it arrives at the route: the query the carrier appended, its headers, its body. */
const arrived = (push: { query: string; headers: Record<string, string>; body: string }) => ({
  body: push.body, query: new URLSearchParams(push.query), header: (name: string) => push.headers[name],
});

describe.each(TRACKING_CARRIERS)('%s tracking pushes', (carrier) => {
  it('verify and map to the neutral status, tracking number and carrier time', async () => {
    const [update, ...rest] = await verifyTrackingPush(carrier, arrived(await trackingPush(carrier, secrets, event)), checks[carrier]);
    expect(rest).toEqual([]);
    expect(update).toMatchObject({ carrier, eventId: 'evt-1', trackingNumber: 'TRK-1', status: 'IN_TRANSIT' });
    // freightly's clock has whole seconds.
    expect(update!.occurredAt.getTime()).toBe(event.occurredAt.getTime());
    expect(update!.location).toContain('Leipzig');
  });

  it('refuse a push signed with another secret', async () => {
    const forged = await trackingPush(carrier, {
      parcelo: { webhookToken: 'x'.repeat(30) }, skyway: { webhookKey: 'y'.repeat(32), clientId: 'shop-42' }, freightly: { webhookSecret: 'z'.repeat(30) },
    }, event);
    await expect(verifyTrackingPush(carrier, arrived(forged), checks[carrier])).rejects.toMatchObject({ code: 'SIGNATURE_INVALID', httpStatus: 401 });
  });

  it('refuse a push sent more than five minutes ago (a replay)', async () => {
    const old = await trackingPush(carrier, secrets, event, new Date(Date.now() - 10 * 60_000));
    await expect(verifyTrackingPush(carrier, arrived(old), checks[carrier])).rejects.toMatchObject({ code: 'TIMESTAMP_OUT_OF_WINDOW', httpStatus: 401 });
  });

  it('refuse a push without its signature', async () => {
    const push = await trackingPush(carrier, secrets, event);
    const unsigned = { body: carrier === 'skyway' ? '' : push.body, query: new URLSearchParams(), header: () => undefined };
    await expect(verifyTrackingPush(carrier, unsigned, checks[carrier])).rejects.toMatchObject({ code: 'SIGNATURE_MISSING', httpStatus: 401 });
  });
});

describe('what only some carriers can get wrong', () => {
  it('refuses a freightly body changed after signing', async () => {
    const push = await trackingPush('freightly', secrets, event);
    const tampered = { ...push, body: push.body.replace('consignment.in_transit', 'consignment.delivered') };
    await expect(verifyTrackingPush('freightly', arrived(tampered), checks.freightly)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('refuses a skyway JWT meant for another shop (audience)', async () => {
    const push = await trackingPush('skyway', { ...secrets, skyway: { ...secrets.skyway, clientId: 'other-shop' } }, event);
    await expect(verifyTrackingPush('skyway', arrived(push), checks.skyway)).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' });
  });

  it('answers MALFORMED (400) for a signed push with a status it does not know', async () => {
    const push = await trackingPush('parcelo', secrets, event);
    const odd = { ...push, body: push.body.replace('in_transit', 'teleported') };
    await expect(verifyTrackingPush('parcelo', arrived(odd), checks.parcelo)).rejects.toMatchObject({ code: 'MALFORMED', httpStatus: 400 });
  });
});

import { describe, expect, it } from 'vitest';
import { isNewer } from './TrackingStatus.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 4, 9, 0, seconds));

describe('which tracking event wins', () => {
  it('the later scan by the carrier\'s clock, whatever its status', () => {
    expect(isNewer({ status: 'IN_TRANSIT', occurredAt: at(10) }, { status: 'DELIVERED', occurredAt: at(5) })).toBe(true);
    expect(isNewer({ status: 'IN_TRANSIT', occurredAt: at(5) }, { status: 'DELIVERED', occurredAt: at(10) })).toBe(false);
  });

  it('at the same instant, the one further along: delivered beats everything, an exception does not undo out for delivery', () => {
    expect(isNewer({ status: 'DELIVERED', occurredAt: at(1) }, { status: 'EXCEPTION', occurredAt: at(1) })).toBe(true);
    expect(isNewer({ status: 'EXCEPTION', occurredAt: at(1) }, { status: 'DELIVERED', occurredAt: at(1) })).toBe(false);
    expect(isNewer({ status: 'EXCEPTION', occurredAt: at(1) }, { status: 'OUT_FOR_DELIVERY', occurredAt: at(1) })).toBe(false);
    expect(isNewer({ status: 'PICKED_UP', occurredAt: at(1) }, { status: 'LABEL_CREATED', occurredAt: at(1) })).toBe(true);
    expect(isNewer({ status: 'PICKED_UP', occurredAt: at(1) }, { status: 'PICKED_UP', occurredAt: at(1) })).toBe(false);
  });
});

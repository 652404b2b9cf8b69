import { describe, expect, it } from 'vitest';
import { currentRequest, requestIdFrom, runWithRequestContext } from './requestContext.js';

describe('request context', () => {
  it('keeps a well-formed client id and replaces anything else with a UUID', () => {
    expect(requestIdFrom('checkout-42:a.b_c')).toBe('checkout-42:a.b_c');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'line\nbreak', '{"json":1}']) expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is visible in everything awaited inside the request, and only there', async () => {
    expect(currentRequest()).toBeUndefined();
    const seen = await runWithRequestContext({ requestId: 'r-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentRequest()?.requestId;
    });
    expect(seen).toBe('r-1');
    expect(currentRequest()).toBeUndefined();
  });
});

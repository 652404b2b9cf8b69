import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../paths.js';
import { renderConfigReference, undocumentedVariables } from './configReference.js';
import { configVariables, DEFAULT_LIMITS } from './loadConfig.js';

describe('the configuration reference', () => {
  it('describes every variable lib/config reads, and nothing else', () => {
    expect(undocumentedVariables()).toEqual({ undocumented: [], unread: [] });
  });

  it('records names and defaults as the code reads them', () => {
    const byName = new Map(configVariables().map((v) => [v.name, v]));
    expect(byName.get('MAX_SUBSCRIPTIONS_PER_CONNECTION')).toMatchObject({ fallback: DEFAULT_LIMITS.maxSubscriptionsPerConnection, kind: 'integer 1–100000' });
    expect(byName.has('SUBSCRIPTIONS_PER_CONNECTION')).toBe(false);
    expect(byName.get('OUTBOX_RELAY')).toMatchObject({ fallback: 'in-process', kind: 'one of in-process, separate' });
  });

  it('docs/configuration.md is the generated reference (run `npm run docs:config` when this fails)', () => {
    expect(readFileSync(fromRoot('docs', 'configuration.md'), 'utf8')).toBe(renderConfigReference());
  });
});

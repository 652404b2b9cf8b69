import type { ResilienceListener, ResilienceOptions } from '../../../lib/resilience/index.js';

/**
 * Policy settings of a provider client; the name comes from the provider. Charging calls are
 * sent once whatever `retries` says; lookups, voids and captures are retried.
 */
export interface ProviderOptions extends Omit<ResilienceOptions, 'name' | 'listener'> {
  readonly listener?: ResilienceListener;
}

/** Defaults for payment APIs: slower than rate quotes, so a longer per-call timeout. */
export const PAYMENT_POLICY_DEFAULTS = Object.freeze({ callTimeoutMs: 2_000, retries: 2, breakerThreshold: 5, breakerHalfOpenMs: 5_000 });

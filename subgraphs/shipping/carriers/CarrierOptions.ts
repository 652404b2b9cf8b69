import type { ResilienceListener, ResilienceOptions } from '../../../lib/resilience/index.js';

/** Policy settings shared by every carrier client; the name comes from the carrier. */
export interface CarrierOptions extends Omit<ResilienceOptions, 'name' | 'listener'> {
  /** Metrics hooks for this carrier. */
  readonly listener?: ResilienceListener;
}

import { UpstreamError } from '../../../lib/resilience/index.js';
import type { AuthorizeResult } from './PaymentProvider.js';
import { mayHaveReachedProvider } from './providerHttp.js';

/** The result of a charging call that threw: `ambiguous` when the provider may have processed it, else `failed`. */
export function chargeFailure(provider: string, error: unknown): AuthorizeResult {
  const code = error instanceof UpstreamError ? error.code : 'UNAVAILABLE';
  return mayHaveReachedProvider(error) ? { outcome: 'ambiguous', provider, code } : { outcome: 'failed', provider, code };
}

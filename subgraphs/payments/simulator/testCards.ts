/**
 * Payment-method tokens both simulated providers accept (as if issued by one card vault),
 * and what each does. Any other token is refused as invalid input (4xx).
 */
export const TEST_CARDS = {
  /** Authorised. */
  ok: 'tok_ok',
  /** Refused by the issuer: insufficient funds (a business refusal: never fail over). */
  insufficientFunds: 'tok_insufficient_funds',
  /** Refused by the issuer: do not honour (a business refusal). */
  declined: 'tok_declined',
  /** The provider's processing failed (technical: failing over is fine). */
  processingError: 'tok_processing_error',
  /** Intent-style provider: `processing` at first, authorised later (a webhook says so). Authorised at once elsewhere. */
  async: 'tok_async',
} as const;

/** Amounts above this (minor units) are refused for insufficient funds whatever the card. */
export const CARD_LIMIT_MINOR = 1_000_000;

export type CardOutcome =
  | { readonly kind: 'authorized' }
  | { readonly kind: 'pending' }
  | { readonly kind: 'refused'; readonly reason: 'insufficient_funds' | 'do_not_honor' }
  | { readonly kind: 'error' };

/** The outcome of charging `amount` to `token`; undefined for an unknown token. */
export function cardOutcome(token: string, amount: number, supportsAsync: boolean): CardOutcome | undefined {
  if (!(Object.values(TEST_CARDS) as string[]).includes(token)) return undefined;
  if (token === TEST_CARDS.insufficientFunds || amount > CARD_LIMIT_MINOR) return { kind: 'refused', reason: 'insufficient_funds' };
  if (token === TEST_CARDS.declined) return { kind: 'refused', reason: 'do_not_honor' };
  if (token === TEST_CARDS.processingError) return { kind: 'error' };
  if (token === TEST_CARDS.async && supportsAsync) return { kind: 'pending' };
  return { kind: 'authorized' };
}

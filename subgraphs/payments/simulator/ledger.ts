/** The simulated providers. */
export const SIMULATED_PROVIDERS = ['payvia', 'acquira'] as const;
export type SimulatedProvider = (typeof SIMULATED_PROVIDERS)[number];

/**
 * An authorization attempt's state in provider-neutral terms: `authorized` is a live hold
 * on the customer's money; `voided` and `captured` are final; `refused` and `failed` never held money.
 */
export type LedgerStatus = 'created' | 'pending' | 'authorized' | 'refused' | 'failed' | 'voided' | 'captured';

/** One authorization attempt as the provider itself records it (the admin API's `/admin/ledger`). */
export interface LedgerEntry {
  readonly provider: SimulatedProvider;
  /** The provider's id: `pi_…` (payvia) or the PSP reference (acquira). */
  readonly id: string;
  /** The `Idempotency-Key` the charging request carried, if any. */
  readonly idempotencyKey: string | null;
  /** The merchant's reference (acquira) or `metadata.reference` (payvia), if any. */
  readonly reference: string | null;
  readonly amount: number;
  readonly currency: string;
  readonly status: LedgerStatus;
  /** Why it was refused or failed. */
  readonly reason: string | null;
  /**
   * False when the provider processed the charging request but its answer never reached the
   * client (an injected lost answer): the client does not know this authorization exists.
   */
  readonly answered: boolean;
  readonly createdAt: string;
}

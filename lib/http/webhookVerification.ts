/** Why an inbound webhook (a payment provider's, a carrier's) was refused. */
export type WebhookVerificationCode = 'SIGNATURE_MISSING' | 'SIGNATURE_INVALID' | 'TIMESTAMP_OUT_OF_WINDOW' | 'MALFORMED';

/** An inbound webhook refused before anything changed; answer 401 (400 for MALFORMED). */
export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
  constructor(readonly code: WebhookVerificationCode, message: string) {
    super(message);
  }

  /** The HTTP status to answer the sender with. */
  get httpStatus(): 400 | 401 {
    return this.code === 'MALFORMED' ? 400 : 401;
  }
}

/**
 * Remembers the nonces of signed subgraph calls for as long as their signatures are fresh,
 * so that a captured call cannot be replayed within the window.
 */
export interface NonceStore {
  /**
   * Records `nonce` for `ttlMs`; true the first time, false when it was already claimed
   * and has not expired (a replay).
   */
  claim(nonce: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

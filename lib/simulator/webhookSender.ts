// How a simulated external API pushes its webhooks (payment providers, carriers): retried until a 2xx, with injectable delay, jitter (so events arrive out of order) and duplicates.

/** Faults on webhook delivery, from the provider's faults. Durations in ms. */
export interface WebhookFaults {
  /** Wait before the first attempt. */
  readonly webhookDelayMs: number;
  /** A random extra wait of up to this much per event, so events can arrive out of order. */
  readonly webhookJitterMs: number;
  /** Share of events (0..1) delivered twice. */
  readonly webhookDuplicateRate: number;
}

/** Delivery counters of one provider. */
export interface WebhookStats {
  /** Events queued for delivery (a duplicate counts again). */
  queued: number;
  /** HTTP attempts, retries included. */
  attempts: number;
  /** Events acknowledged with a 2xx. */
  delivered: number;
  /** Events given up after the last retry. */
  abandoned: number;
}

export interface WebhookSender {
  /**
   * Delivers one event to `url`, retrying on failure after each of `retryDelaysMs`.
   * `request` builds each attempt's body and headers (a timestamped signature is fresh per attempt).
   */
  send(url: string, request: () => { body: string; headers: Record<string, string> }, faults: WebhookFaults, stats: WebhookStats): void;
  /** Resolves once every delivery in flight (retries included) has ended. */
  drain(): Promise<void>;
  /** Stops every pending delivery. */
  close(): void;
}

export function createWebhookSender(options: { readonly retryDelaysMs: readonly number[]; readonly attemptTimeoutMs: number }): WebhookSender {
  const inFlight = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    if (ms <= 0 || closed) return resolve();
    const timer = setTimeout(() => { timers.delete(timer); resolve(); }, ms);
    timers.add(timer);
  });

  async function deliver(url: string, request: () => { body: string; headers: Record<string, string> }, faults: WebhookFaults, stats: WebhookStats, delayMs: number) {
    await sleep(delayMs);
    for (let attempt = 0; attempt <= options.retryDelaysMs.length && !closed; attempt++) {
      if (attempt > 0) await sleep(options.retryDelaysMs[attempt - 1]!);
      if (closed) return;
      stats.attempts += 1;
      try {
        const { body, headers } = request();
        const res = await fetch(url, {
          method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(options.attemptTimeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          stats.delivered += 1;
          return;
        }
      } catch {
        // refused, reset or timed out: retried like a non-2xx answer
      }
    }
    stats.abandoned += 1;
  }

  const track = (p: Promise<void>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  return {
    send(url, request, faults, stats) {
      if (closed) return;
      const copies = Math.random() < faults.webhookDuplicateRate ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        stats.queued += 1;
        track(deliver(url, request, faults, stats, faults.webhookDelayMs + Math.random() * faults.webhookJitterMs));
      }
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

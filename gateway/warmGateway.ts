/** One operation to warm: what a storefront will send. */
export interface WarmOperation {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

/**
 * Sends each operation once to the gateway at `url`, so Apollo Server's parse/validation cache
 * and the gateway's query-plan cache hold them before the first storefront request (query
 * planning is the costly part of a cold request). Failures are returned, not thrown: a
 * gateway that cannot warm still serves.
 * @returns the operations that did not answer 200.
 */
export async function warmGateway(url: string, operations: readonly WarmOperation[]): Promise<WarmOperation[]> {
  const failed: WarmOperation[] = [];
  for (const operation of operations) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(operation),
      });
      await res.arrayBuffer();
      if (res.status !== 200) failed.push(operation);
    } catch {
      failed.push(operation);
    }
  }
  return failed;
}

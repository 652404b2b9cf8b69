import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/index.js';
import { redisPing } from './redisPing.js';

/** One dependency a service needs before it can serve: rejects when it is not usable. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/** The store answers `SELECT 1`. */
export const storeCheck = (db: Db): ReadinessCheck => ({ name: 'store', check: async () => void (await db.query('SELECT 1')) });

/** Redis answers `PING`. */
export const redisCheck = (redisUrl: string): ReadinessCheck => ({ name: 'redis', check: () => redisPing(redisUrl) });

type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/**
 * `/healthz` (liveness: the process serves HTTP) and `/readyz` (readiness: 200 only when
 * every check passes within `timeoutMs`, else 503 naming the failing ones).
 */
export function healthRoutes(checks: readonly ReadinessCheck[], timeoutMs = 2000): Record<'/healthz' | '/readyz', Route> {
  return {
    '/healthz': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    },
    '/readyz': async (_req, res) => {
      const results = await Promise.all(checks.map(async ({ name, check }) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([check(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), timeoutMs); })]);
          return [name, 'ok'] as const;
        } catch {
          return [name, 'failed'] as const; // details stay out of an unauthenticated endpoint
        } finally {
          clearTimeout(timer);
        }
      }));
      const ready = results.every(([, status]) => status === 'ok');
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(results) }));
    },
  };
}

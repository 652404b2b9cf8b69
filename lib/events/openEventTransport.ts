import type { EventBus } from './EventBus.js';
import type { EventLog } from './EventLog.js';
import { createInProcessEventBus } from './inProcessEventBus.js';
import { createInProcessEventLog } from './inProcessEventLog.js';
import { createRedisEventBus } from './redisEventBus.js';
import { createRedisEventLog } from './redisEventLog.js';

/** Both sides of event delivery on one backend: live (bus) and durable (log). */
export interface EventTransport {
  readonly kind: 'redis' | 'in-process';
  readonly bus: EventBus;
  readonly log: EventLog;
  close(): Promise<void>;
}

/** Redis adapters when `redisUrl` is set, else in-process ones (the embedded stack). */
export function openEventTransport(config: { readonly redisUrl: string | undefined; readonly keyPrefix?: string }): EventTransport {
  const redisUrl = config.redisUrl;
  const bus = redisUrl ? createRedisEventBus({ url: redisUrl, keyPrefix: config.keyPrefix }) : createInProcessEventBus();
  const log = redisUrl ? createRedisEventLog({ url: redisUrl, keyPrefix: config.keyPrefix }) : createInProcessEventLog();
  return {
    kind: redisUrl ? 'redis' : 'in-process',
    bus,
    log,
    close: async () => {
      await Promise.all([bus.close(), log.close()]);
    },
  };
}

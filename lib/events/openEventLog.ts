import type { EventLog } from './EventLog.js';
import { createInProcessEventLog } from './inProcessEventLog.js';
import { createRedisEventLog } from './redisEventLog.js';

/** The change-event streams: on Redis when `redisUrl` is set, else in process (the embedded stack). */
export function openEventLog(config: { readonly redisUrl: string | undefined; readonly keyPrefix?: string }): EventLog {
  return config.redisUrl ? createRedisEventLog({ url: config.redisUrl, keyPrefix: config.keyPrefix }) : createInProcessEventLog();
}

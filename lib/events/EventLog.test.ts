import { deleteKeys, randomPrefix, testRedisClusterUrl, testRedisUrl } from '../../test/helpers/redis.js';
import { describeEventLogContract } from './EventLog.contract.js';
import { createInProcessEventLog } from './inProcessEventLog.js';
import { createRedisEventLog } from './redisEventLog.js';

describeEventLogContract('in-process', async () => {
  const log = createInProcessEventLog();
  return { log, close: () => log.close() };
});

describeEventLogContract('Redis Streams', async () => {
  const url = testRedisUrl();
  const keyPrefix = randomPrefix();
  const log = createRedisEventLog({ url, keyPrefix });
  return { log, close: async () => { await log.close(); await deleteKeys(url, keyPrefix); } };
});

const clusterUrl = testRedisClusterUrl();
describeEventLogContract('Redis Streams on a Redis Cluster', async () => {
  const url = await clusterUrl;
  const keyPrefix = randomPrefix();
  const log = createRedisEventLog({ url, keyPrefix });
  return { log, close: async () => { await log.close(); await deleteKeys(url, keyPrefix); } };
});

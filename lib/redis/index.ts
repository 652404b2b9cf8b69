export { clusterNodes, isClusterUrl, masters, openRedis, slotPrefix } from './openRedis.js';
export type { RedisClient } from './openRedis.js';

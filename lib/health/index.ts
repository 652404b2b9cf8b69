export { healthRoutes, redisCheck, storeCheck } from './health.js';
export type { ReadinessCheck } from './health.js';
export { redisPing } from './redisPing.js';

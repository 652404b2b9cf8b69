export { limitExceeded, limitsPlugin } from './limitsPlugin.js';
export { queryCost } from './queryCost.js';
export type { CostOptions } from './queryCost.js';

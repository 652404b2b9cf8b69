export { createOperationLimits, limitExceeded, limitsPlugin } from './limitsPlugin.js';
export type { OperationLimits } from './limitsPlugin.js';
export { EXTERNAL_CALL_FIELDS, externalCallCosts, queryCost } from './queryCost.js';
export type { CostOptions } from './queryCost.js';

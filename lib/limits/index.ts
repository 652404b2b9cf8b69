export { EMPTY_COST_MODEL, readCostModel } from './costModel.js';
export type { CostModel, ListSize } from './costModel.js';
export { createOperationLimits, limitExceeded, limitsPlugin } from './limitsPlugin.js';
export type { CostSource, LimitsPluginOptions, OperationLimits } from './limitsPlugin.js';
export { actualCost, MUTATION_FIELD_COST, queryCost } from './queryCost.js';
export type { CostOptions } from './queryCost.js';

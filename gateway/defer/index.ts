export { planDefer, withoutDefer } from './planDefer.js';
export type { DeferPlan, DeferredPart } from './planDefer.js';
export { acceptsDefer, createDeferredResponses } from './deferredResponses.js';
export type { DeferredResponsesOptions, RunOperation } from './deferredResponses.js';

export { startTracing } from './startTracing.js';
export type { Tracing } from './startTracing.js';
export { injectTraceContext, tracingPlugin } from './tracingPlugin.js';

export { createRateLimiter } from './rateLimiter.js';
export type { RateLimiter, RateLimiterOptions } from './rateLimiter.js';
export { createResiliencePolicy } from './resiliencePolicy.js';
export type { BreakerState, CallOptions, CallOutcome, ResilienceListener, ResilienceOptions, ResiliencePolicy } from './resiliencePolicy.js';
export { createHttpUpstream } from './httpUpstream.js';
export type { HttpUpstream, HttpUpstreamOptions, UpstreamRequest, UpstreamResponse } from './httpUpstream.js';
export { errorForStatus, isTransient, parseRetryAfter, UpstreamError } from './UpstreamError.js';
export type { UpstreamErrorCode } from './UpstreamError.js';

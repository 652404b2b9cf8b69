export { cachedClientKeys, keyLookupFromSubgraph } from './clientKeys.js';
export type { ClientKeyCacheOptions, ClientKeys, EdgeClient, KeyLookup } from './clientKeys.js';
export { createClientRateLimiter, RateLimited, rateLimitHeaders } from './rateLimits.js';
export type { ClientRateLimiter, ClientRateLimiterOptions, RateState, RateWindow } from './rateLimits.js';
export { createEdge } from './edge.js';
export type { Edge, EdgeAdmission, EdgeOptions } from './edge.js';
export { cachedTrustedDocuments, documentLookupFromSubgraph, resolveTrustedDocuments } from './trustedDocuments.js';
export type { DocumentLookup, TrustedDocuments } from './trustedDocuments.js';

// The supergraph at run time (the gateway): light on purpose; composing and checking
// schemas (build-time tools) live in lib/schema.
export { apiSchemaOf } from './apiSchemaOf.js';
export { schemaHash } from './schemaHash.js';
export { acceptEnforcedSecurityFeatures, ENFORCED_SECURITY_FEATURES } from './enforcedSecurityLinks.js';

import { createHash } from 'node:crypto';
import { acceptEnforcedSecurityFeatures } from './enforcedSecurityLinks.js';

/**
 * Identifies a supergraph: the first 16 hex digits of the SHA-256 of its SDL text. Used in
 * logs, the `x-supergraph-hash` response header and as a metric label for the schema in use.
 * The file and the copy the gateway loads (security links rewritten) hash the same.
 */
export const schemaHash = (supergraphSdl: string): string =>
  createHash('sha256').update(acceptEnforcedSecurityFeatures(supergraphSdl)).digest('hex').slice(0, 16);

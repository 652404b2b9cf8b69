import { createHash } from 'node:crypto';

/**
 * Identifies a supergraph: the first 16 hex digits of the SHA-256 of its SDL text. Used in
 * logs, the `x-supergraph-hash` response header and as a metric label for the schema in use.
 */
export const schemaHash = (supergraphSdl: string): string => createHash('sha256').update(supergraphSdl).digest('hex').slice(0, 16);

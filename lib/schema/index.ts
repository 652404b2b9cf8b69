// Build-time schema tools: composition, the schema check, recorded operations.
export { apiSchemaOf, schemaHash } from '../supergraph/index.js';
export { checkSchema } from './checkSchema.js';
export type { ChangeLevel, InvalidOperation, SchemaChange, SchemaCheckInput, SchemaCheckReport } from './checkSchema.js';
export { composeSupergraph, formatCompositionProblem, readSubgraphSources, SUPERGRAPH_FILE } from './composeSupergraph.js';
export type { CompositionProblem, CompositionResult, SdlLocation, SubgraphSource } from './composeSupergraph.js';
export { formatSchemaCheckReport } from './formatSchemaCheckReport.js';
export { localSubgraphUrl } from './localSubgraphUrl.js';
export { operationUsages, readRecordedOperations, registeredOperations, validateOperation } from './recordedOperations.js';
export type { OperationLocation, OperationUsage, RecordedOperation } from './recordedOperations.js';

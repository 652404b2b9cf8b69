import { createRequire } from 'node:module';
import type { Operation, Schema } from '@apollo/federation-internals';
import type { DocumentNode } from 'graphql';
import { compileResultShaper, type ResultShaper, type ShapedResponse } from './compileResultShaper.js';

const require = createRequire(import.meta.url);

type ComputeResponse = (args: { operation: Operation; variables?: Record<string, unknown>; input: Record<string, unknown> | null | undefined; introspectionHandling: unknown }) => ShapedResponse;
type OperationFromDocument = (schema: Schema, document: DocumentNode, options?: { operationName?: string; validate?: boolean }) => Operation;

let installed: boolean | undefined;

/**
 * Makes @apollo/gateway (2.14) shape every response with a {@link compileResultShaper} compiled
 * once per operation, instead of walking the operation's selection objects for every value.
 * Two seams of its CommonJS modules, both plain exports it calls through at run time:
 * - `executeQueryPlan` builds the federation `Operation` of the request's document anew for each
 *   request (`operationFromDocument(apiSchema, { definitions: [operation, ...fragments] }, { validate: false })`);
 *   it is now built once per parsed document (Apollo Server's document cache hands back the same
 *   AST for the same query text) and schema, and only read after that;
 * - `computeResponse`, the shaping, runs the compiled shaper of that `Operation` (the gateway's own
 *   for operations that select `__schema` or `__type`).
 * Returns false, changing nothing, when either seam is not there (another @apollo/gateway version).
 * Idempotent.
 */
export function installCompiledResultShaping(): boolean {
  if (installed !== undefined) return installed;
  const shaping = require('@apollo/gateway/dist/resultShaping.js') as { computeResponse?: ComputeResponse };
  const operations = require('@apollo/federation-internals/dist/operations.js') as { operationFromDocument?: OperationFromDocument };
  const computeResponse = shaping.computeResponse;
  const operationFromDocument = operations.operationFromDocument;
  if (typeof computeResponse !== 'function' || typeof operationFromDocument !== 'function') return (installed = false);

  const built = new WeakMap<Schema, WeakMap<object, Operation>>();
  operations.operationFromDocument = (schema, document, options) => {
    // Only the executor's call (validate: false, no name, one operation first): the planner's
    // and others' go through as they were.
    const first = document.definitions[0];
    if (options?.validate !== false || options.operationName !== undefined || first?.kind !== 'OperationDefinition') {
      return operationFromDocument(schema, document, options);
    }
    let bySchema = built.get(schema);
    if (!bySchema) built.set(schema, (bySchema = new WeakMap()));
    let operation = bySchema.get(first);
    // The same operation node with other fragments (not from one parsed document): build anew.
    if (operation && fragmentsOf.get(operation) !== fragmentKey(document)) operation = undefined;
    if (!operation) {
      operation = operationFromDocument(schema, document, options);
      fragmentsOf.set(operation, fragmentKey(document));
      bySchema.set(first, operation);
    }
    return operation;
  };

  const shapers = new WeakMap<Operation, ResultShaper | null>();
  shaping.computeResponse = (args) => {
    let shaper = shapers.get(args.operation);
    if (shaper === undefined) shapers.set(args.operation, (shaper = compileResultShaper(args.operation) ?? null));
    return shaper ? shaper(args.input, args.variables) : computeResponse(args);
  };
  return (installed = true);
}

/** The fragment definitions an operation was built with, by identity. */
const fragmentsOf = new WeakMap<Operation, string>();
const ids = new WeakMap<object, number>();
let nextId = 0;
const fragmentKey = (document: DocumentNode) =>
  document.definitions.slice(1).map((d) => {
    let id = ids.get(d);
    if (id === undefined) ids.set(d, (id = nextId++));
    return id;
  }).join(',');

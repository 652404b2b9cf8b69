import { ChangeType, CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import { unprotectedTwins } from '../auth/index.js';
import { apiSchemaOf, schemaHash } from '../supergraph/index.js';
import { composeSupergraph, type CompositionProblem, type SubgraphSource } from './composeSupergraph.js';
import { operationUsages, validateOperation, type OperationLocation, type OperationUsage, type RecordedOperation } from './recordedOperations.js';

/** What {@link checkSchema} checks. */
export interface SchemaCheckInput {
  /** Every subgraph's SDL (`schema/<name>.graphql`), composed afresh. */
  readonly subgraphs: readonly SubgraphSource[];
  /** The committed `schema/supergraph.graphql`; the check fails when it differs from the fresh composition. */
  readonly committedSupergraphSdl: string;
  /** The supergraph changes are measured against (e.g. the target branch's). @default committedSupergraphSdl */
  readonly baseSupergraphSdl?: string;
  /** The recorded client operations (`schema/operations/`). */
  readonly operations: readonly RecordedOperation[];
  /** Recorded operation files that could not be read (see readRecordedOperations); each fails the check. */
  readonly operationProblems?: readonly string[];
}

export type ChangeLevel = 'breaking' | 'dangerous' | 'safe';

/** One difference between the base and the new API schema. */
export interface SchemaChange {
  readonly level: ChangeLevel;
  /** graphql-inspector's change type, e.g. FIELD_REMOVED. */
  readonly type: string;
  readonly message: string;
  /** Schema coordinate, e.g. `Product.price.currency`. */
  readonly path: string | undefined;
  readonly reason: string | undefined;
  /** For breaking changes: where recorded operations depend on what changed. */
  readonly brokenOperations: readonly OperationUsage[];
}

/** A recorded operation that does not validate against the new API schema. */
export interface InvalidOperation {
  readonly operation: string;
  readonly file: string;
  readonly errors: readonly { readonly message: string; readonly location: OperationLocation }[];
}

/** The outcome of {@link checkSchema}; `ok` is false exactly when `failures` is not empty. */
export interface SchemaCheckReport {
  readonly ok: boolean;
  /** Why the check fails, one line each. */
  readonly failures: readonly string[];
  readonly subgraphs: readonly string[];
  readonly composition: {
    readonly ok: boolean;
    readonly errors: readonly CompositionProblem[];
    readonly hints: readonly CompositionProblem[];
  };
  readonly supergraph: {
    /** True when the committed supergraph differs from the fresh composition; null when composition failed. */
    readonly stale: boolean | null;
    readonly committedHash: string;
    readonly freshHash: string | null;
    readonly baseHash: string;
  };
  /** Breaking first, then dangerous, then safe. */
  readonly changes: readonly SchemaChange[];
  readonly operations: {
    readonly recorded: number;
    /** Operations validated against the new schema: all of them, or none when there is no new schema. */
    readonly checked: number;
    readonly invalid: readonly InvalidOperation[];
    readonly problems: readonly string[];
  };
}

const LEVELS: Record<CriticalityLevel, ChangeLevel> = {
  [CriticalityLevel.Breaking]: 'breaking',
  [CriticalityLevel.Dangerous]: 'dangerous',
  [CriticalityLevel.NonBreaking]: 'safe',
};
const ORDER: readonly ChangeLevel[] = ['breaking', 'dangerous', 'safe'];

/**
 * Composes the subgraphs, diffs the new API schema against the base supergraph's, finds
 * the recorded operations each breaking change breaks and validates every operation
 * against the new schema. Fails on a composition error, a stale committed supergraph, a
 * field exposing unprotected what a twin field protects ({@link unprotectedTwins}), a
 * breaking change that breaks a recorded operation, or an operation the new schema rejects.
 */
export async function checkSchema(input: SchemaCheckInput): Promise<SchemaCheckReport> {
  const failures: string[] = [];
  const baseSdl = input.baseSupergraphSdl ?? input.committedSupergraphSdl;
  const composition = composeSupergraph(input.subgraphs);
  const freshSdl = composition.ok ? composition.supergraphSdl : null;
  const stale = freshSdl === null ? null : freshSdl.trimEnd() !== input.committedSupergraphSdl.trimEnd();

  if (!composition.ok) failures.push(`composition failed with ${plural(composition.errorDetails.length, 'error')}`);
  if (stale) failures.push('schema/supergraph.graphql is stale: run `npm run schema:compose` and commit it');
  for (const twin of freshSdl === null ? [] : unprotectedTwins(freshSdl)) {
    failures.push(`${twin.coordinate} exposes the value ${twin.protectedBy} protects: give it the same @authenticated/@requiresScopes`);
  }
  for (const problem of input.operationProblems ?? []) failures.push(`recorded operation: ${problem}`);

  let changes: SchemaChange[] = [];
  const invalid: InvalidOperation[] = [];
  const baseSchema = load(baseSdl, 'base supergraph', failures);
  const newSchema = freshSdl === null ? null : load(freshSdl, 'fresh supergraph', failures);
  if (baseSchema && newSchema) {
    const usages = input.operations.flatMap((op) => operationUsages(baseSchema, op));
    changes = (await diff(baseSchema, newSchema))
      .map((change) => toSchemaChange(change, usages))
      .sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level));
    for (const change of changes) {
      const names = [...new Set(change.brokenOperations.map((u) => u.operation))];
      if (names.length > 0) failures.push(`breaking change ${change.path ?? change.type} breaks ${names.join(', ')}`);
    }
  }
  if (newSchema) {
    for (const operation of input.operations) {
      const errors = validateOperation(newSchema, operation);
      if (errors.length > 0) {
        invalid.push({ operation: operation.name, file: operation.file, errors });
        failures.push(`${operation.name} (${operation.file}) is not valid against the new schema`);
      }
    }
  }

  return {
    ok: failures.length === 0,
    failures,
    subgraphs: input.subgraphs.map((s) => s.name),
    composition: composition.ok
      ? { ok: true, errors: [], hints: composition.hintDetails }
      : { ok: false, errors: composition.errorDetails, hints: [] },
    supergraph: {
      stale,
      committedHash: schemaHash(input.committedSupergraphSdl),
      freshHash: freshSdl === null ? null : schemaHash(freshSdl + '\n'),
      baseHash: schemaHash(baseSdl),
    },
    changes,
    operations: { recorded: input.operations.length, checked: newSchema ? input.operations.length : 0, invalid, problems: [...(input.operationProblems ?? [])] },
  };
}

function load(sdl: string, what: string, failures: string[]): GraphQLSchema | null {
  try {
    return apiSchemaOf(sdl);
  } catch (error) {
    failures.push(`${what} does not load: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}

function toSchemaChange(change: Change, usages: readonly OperationUsage[]): SchemaChange {
  const level = LEVELS[change.criticality.level];
  return {
    level,
    type: change.type,
    message: change.message,
    path: change.path,
    reason: change.criticality.reason,
    brokenOperations: level === 'breaking' && change.path ? usages.filter(affectedBy(change.type, change.path)) : [],
  };
}

/**
 * Which usages a breaking change at `path` reaches. A new required argument or input field
 * breaks whoever uses the field or input type it is added to; anything else breaks whoever
 * uses the coordinate itself or something inside it (a removed type breaks its fields' users).
 */
function affectedBy(type: string, path: string): (usage: OperationUsage) => boolean {
  const parent = path.slice(0, path.lastIndexOf('.'));
  switch (type) {
    case ChangeType.FieldArgumentAdded:
      return (u) => u.kind === 'field' && u.coordinate === parent;
    case ChangeType.InputFieldAdded:
      return (u) => u.kind === 'type' && u.coordinate === parent;
    default:
      return (u) => u.coordinate === path || u.coordinate.startsWith(`${path}.`);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

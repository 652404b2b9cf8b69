import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../lib/paths.js';
import { apiSchemaOf, readRecordedOperations, validateOperation } from '../lib/schema/index.js';

// Every client operation recorded in schema/operations/ must stay valid against the committed supergraph.
const schema = apiSchemaOf(readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8'));
const { operations, problems } = readRecordedOperations(fromRoot('schema', 'operations'));

describe('schema/operations', () => {
  it('holds one operation per file, named after the file', () => {
    expect(problems).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(6);
  });

  it.each(operations.map((op) => [op.name, op] as const))('%s is valid against schema/supergraph.graphql', (_name, operation) => {
    expect(validateOperation(schema, operation).map((e) => `${e.location.line}:${e.location.column} ${e.message}`)).toEqual([]);
  });
});

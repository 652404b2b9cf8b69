import { createRequire } from 'node:module';
import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { installCompiledResultShaping } from './compiledResultShaping.js';

const require = createRequire(import.meta.url);

describe('installCompiledResultShaping', () => {
  it('finds its seams in the installed @apollo/gateway (fails on an upgrade that moved them)', () => {
    expect(installCompiledResultShaping()).toBe(true);
    expect(installCompiledResultShaping()).toBe(true);
  });

  it("builds the executor's Operation once per parsed document and schema; other calls as before", () => {
    installCompiledResultShaping();
    const fromDocument = (require('@apollo/federation-internals') as { operationFromDocument: typeof operationFromDocument }).operationFromDocument;
    const schema = buildSchema('type Query { a: Int b: Int }');
    const document = parse('query Q { a ...F } fragment F on Query { b }');
    const [op, fragment] = document.definitions;
    const asExecutor = () => fromDocument(schema, { kind: document.kind, definitions: [op!, fragment!] }, { validate: false });
    expect(asExecutor()).toBe(asExecutor());
    expect(asExecutor().toString()).toBe(operationFromDocument(schema, document).toString());
    // The same operation node with another fragment definition is built anew.
    const other = parse('fragment F on Query { a }').definitions[0]!;
    expect(fromDocument(schema, { kind: document.kind, definitions: [op!, other] }, { validate: false }).toString()).toContain('fragment F on Query {\n  a\n}');
    // The planner's call (validated, by name) is not shared.
    expect(fromDocument(schema, document, { operationName: 'Q' })).not.toBe(fromDocument(schema, document, { operationName: 'Q' }));
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../paths.js';
import { checkSchema } from './checkSchema.js';
import { composeSupergraph, readSubgraphSources } from './composeSupergraph.js';
import { formatSchemaCheckReport } from './formatSchemaCheckReport.js';
import { readRecordedOperations, registeredOperations } from './recordedOperations.js';

const FIXTURES = fromRoot('test', 'fixtures', 'schema-check');
const subgraphsOf = (fixture: string) => readSubgraphSources(path.join(FIXTURES, fixture), (name) => `http://${name}.test/graphql`);
const { operations, problems } = readRecordedOperations(path.join(FIXTURES, 'operations'));

function composed(fixture: string): string {
  const result = composeSupergraph(subgraphsOf(fixture));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.supergraphSdl + '\n';
}

/** The fixture as a branch that ran `schema:compose` (committed supergraph fresh), measured against `base/`. */
const checkFixture = (fixture: string, committed = fixture) =>
  checkSchema({
    subgraphs: subgraphsOf(fixture),
    committedSupergraphSdl: composed(committed),
    baseSupergraphSdl: composed('base'),
    operations,
    operationProblems: problems,
  });

describe('checkSchema', () => {
  it('reads the recorded fixture operations', () => {
    expect(problems).toEqual([]);
    expect(operations.map((op) => op.name)).toEqual(['ProductCard', 'SetPrice']);
  });

  it('passes a safe addition and classes it as safe', async () => {
    const report = await checkFixture('safe-addition');
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.changes).toEqual([expect.objectContaining({ level: 'safe', type: 'FIELD_ADDED', path: 'Product.subtitle' })]);
  });

  it('passes with no changes when the subgraphs match the base', async () => {
    const report = await checkFixture('base');
    expect(report.ok).toBe(true);
    expect(report.changes).toEqual([]);
    expect(report.supergraph.stale).toBe(false);
  });

  it('fails when a removed field is used, naming the operation, file and line', async () => {
    const report = await checkFixture('remove-used-field');
    expect(report.ok).toBe(false);
    const removed = report.changes.find((c) => c.path === 'Product.name');
    expect(removed).toMatchObject({ level: 'breaking', type: 'FIELD_REMOVED' });
    expect(removed!.brokenOperations).toEqual([
      expect.objectContaining({ operation: 'ProductCard', file: expect.stringMatching(/operations\/ProductCard\.graphql$/), line: 4, column: 5 }),
    ]);
    expect(report.failures).toContain('breaking change Product.name breaks ProductCard');
    expect(report.operations.invalid.map((op) => op.operation)).toEqual(['ProductCard']);
    expect(formatSchemaCheckReport(report, { base: 'base' })).toMatch(/breaks ProductCard \(.*ProductCard\.graphql\): line 4:5 Product\.name/);
  });

  it('reports the removal of an unused field as breaking but passes', async () => {
    const report = await checkFixture('remove-unused-field');
    expect(report.changes).toEqual([expect.objectContaining({ level: 'breaking', path: 'Product.description', brokenOperations: [] })]);
    expect(report.ok).toBe(true);
    expect(formatSchemaCheckReport(report, { base: 'base' })).toMatch(/no recorded operation uses it[\s\S]*PASS/);
  });

  it('fails when the type of an argument an operation passes changes', async () => {
    const report = await checkFixture('argument-type-change');
    expect(report.ok).toBe(false);
    const changed = report.changes.find((c) => c.type === 'FIELD_ARGUMENT_TYPE_CHANGED');
    expect(changed).toMatchObject({ level: 'breaking', path: 'Product.price.currency' });
    expect(changed!.brokenOperations).toEqual([expect.objectContaining({ operation: 'ProductCard', line: 5, coordinate: 'Product.price.currency' })]);
  });

  it('fails on a composition error, naming the subgraph and location', async () => {
    const report = await checkSchema({
      subgraphs: subgraphsOf('composition-error'),
      committedSupergraphSdl: composed('base'),
      operations,
    });
    expect(report.ok).toBe(false);
    expect(report.composition.ok).toBe(false);
    expect(report.supergraph.stale).toBeNull();
    const mismatch = report.composition.errors.find((e) => e.code === 'FIELD_TYPE_MISMATCH');
    expect(mismatch?.locations).toEqual(expect.arrayContaining([
      expect.objectContaining({ subgraph: 'prices', file: expect.stringMatching(/composition-error\/prices\.graphql$/), line: 5, column: 3 }),
      expect.objectContaining({ subgraph: 'products', line: 5, column: 3 }),
    ]));
    const text = formatSchemaCheckReport(report, { base: 'base' });
    expect(text).toMatch(/FIELD_TYPE_MISMATCH in (prices, products|products, prices)/);
    expect(text).toMatch(/at .*prices\.graphql:5:3/);
    expect(text).toMatch(/Operations: 2 recorded, not checked/);
  });

  it('fails when the committed supergraph is stale', async () => {
    const report = await checkSchema({
      subgraphs: subgraphsOf('safe-addition'),
      committedSupergraphSdl: composed('base'),
      operations,
    });
    expect(report.ok).toBe(false);
    expect(report.supergraph.stale).toBe(true);
    expect(report.failures).toEqual([expect.stringMatching(/stale/)]);
    // Measured against the committed file, the pending change is still listed.
    expect(report.changes.map((c) => c.path)).toEqual(['Product.subtitle']);
  });

  it('fails a breaking change to an input type that an operation sends through a variable', async () => {
    const base = composed('base');
    const report = await checkSchema({
      subgraphs: subgraphsOf('base'),
      committedSupergraphSdl: base,
      baseSupergraphSdl: base.replace('  amount: Int!\n}', '  amount: Int!\n  note: String\n}'),
      operations,
    });
    const removed = report.changes.find((c) => c.path === 'SetPriceInput.note');
    expect(removed).toMatchObject({ level: 'breaking', type: 'INPUT_FIELD_REMOVED' });
    expect(removed!.brokenOperations.map((u) => u.operation)).toEqual(['SetPrice']);
    expect(report.ok).toBe(false);
  });

  it('refuses an operation file that breaks the one-operation convention', () => {
    const read = readRecordedOperations(path.join(FIXTURES, 'base'));
    expect(read.operations).toEqual([]);
    expect(read.problems).toEqual([
      expect.stringMatching(/prices\.graphql: must hold exactly one operation, named prices \(found none\)/),
      expect.stringMatching(/products\.graphql: must hold exactly one operation, named products/),
    ]);
  });

  it('holds the trusted documents clients registered to the same check, naming the client', async () => {
    const registered = registeredOperations([
      { clientId: 'partner-feed', documentId: 'f1', body: 'query Feed { product(id: "p-1") { id name } }' },
      { clientId: 'partner-feed', documentId: 'f2', body: '{ product(' },
    ]);
    expect(registered.problems).toEqual([expect.stringMatching(/^clients\/partner-feed\/f2: Syntax Error/)]);
    const report = await checkSchema({
      subgraphs: subgraphsOf('remove-used-field'), committedSupergraphSdl: composed('remove-used-field'), baseSupergraphSdl: composed('base'),
      operations: registered.operations, operationProblems: [],
    });
    expect(report.ok).toBe(false);
    expect(report.failures).toContain('breaking change Product.name breaks partner-feed/Feed');
  });
});

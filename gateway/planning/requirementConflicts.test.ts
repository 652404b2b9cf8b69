import { readFileSync } from 'node:fs';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { acceptEnforcedSecurityInSupergraph } from '../enforcedSecuritySupergraph.js';
import { requirementsOf, separateConflictingRequirements } from './requirementConflicts.js';

/** The join parts of a supergraph where two fields of shipping's Product require prices in two currencies. */
const CONFLICTING = parse(`
enum join__Graph { PRICES @join__graph(name: "prices", url: "http://p") SHIPPING @join__graph(name: "shipping", url: "http://s") }
type Product @join__type(graph: PRICES, key: "upc") @join__type(graph: SHIPPING, key: "upc") {
  upc: String!
  price(currency: String!): Int! @join__field(graph: PRICES) @join__field(graph: SHIPPING, external: true)
  estimate: Int! @join__field(graph: SHIPPING, requires: "price(currency: \\"USD\\") weight")
  estimateEUR: Int! @join__field(graph: SHIPPING, requires: "weight price(currency: \\"EUR\\")")
  box: Int! @join__field(graph: SHIPPING, requires: "dimensions(unit: MM) { length }")
}`);

describe('conflicting @requires arguments', () => {
  it('finds the leaf fields with arguments each requiring field needs, by type and subgraph', () => {
    const shipping = requirementsOf(CONFLICTING).get('Product')?.get('shipping');
    expect([...shipping!.entries()].map(([field, leaves]) => [field, [...leaves].map(([name, r]) => `${name}(${r.printed})`)])).toEqual([
      ['estimate', ['price(currency:"USD")']],
      ['estimateEUR', ['price(currency:"EUR")']],
    ]);
  });

  it('finds none in our own supergraph, and returns a plan without a conflict as it was', () => {
    const ours = acceptEnforcedSecurityInSupergraph(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
    expect(requirementsOf(parse(ours)).size).toBe(0);
    const supergraph = Supergraph.build(ours);
    const plan = new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(
      supergraph.apiSchema(), parse('{ products(first: 2) { edges { node { id name price(currency: "USD") { amount } } } } }'), {},
    ));
    expect(plan.node?.kind).toBe('Sequence');
    expect(separateConflictingRequirements(plan, requirementsOf(CONFLICTING))).toBe(plan);
  });
});

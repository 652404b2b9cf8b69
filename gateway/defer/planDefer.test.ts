import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { planDefer, withoutDefer } from './planDefer.js';

const flat = (doc: Parameters<typeof print>[0]) => print(doc).replace(/\s+/g, ' ').trim();

describe('planDefer', () => {
  it('splits a deferred fragment into the query without it and a query down its path with only the variables it uses', () => {
    const plan = planDefer(parse(`query Page($id: ID!, $to: DestinationInput!) {
      product(id: $id) { id name ... @defer(label: "shipping") { shippingEstimate(destination: $to) { quotes { carrier } } } }
    }`), 'Page')!;
    expect(flat(plan.initial)).toBe('query Page($id: ID!) { product(id: $id) { id name } }');
    expect(plan.deferred).toHaveLength(1);
    expect(plan.deferred[0]).toMatchObject({ label: 'shipping', path: ['product'] });
    expect(flat(plan.deferred[0]!.document)).toBe('query Page($id: ID!, $to: DestinationInput!) { product(id: $id) { ... { shippingEstimate(destination: $to) { quotes { carrier } } } } }');
  });

  it('follows aliases, lists, inline fragments and named fragments; a parent left empty answers __typename', () => {
    const plan = planDefer(parse(`query { page: products(first: 2) { edges { node { ...Card } } } }
      fragment Card on Product { ... on Product @defer { stock { available } } }`), undefined)!;
    expect(flat(plan.initial)).toBe('{ page: products(first: 2) { edges { node { ... on Product { __typename } } } } }');
    expect(plan.deferred[0]!.path).toEqual(['page', 'edges', 'node']);
    expect(flat(plan.deferred[0]!.document)).toContain('page: products(first: 2) { edges { node { ... on Product { ... on Product { stock { available } } } } } }');
  });

  it('delivers a @defer inside a deferred fragment with it, and leaves `if: false`, mutations and plain queries alone', () => {
    const nested = planDefer(parse('{ product(id: "p-1") { ... @defer { name ... @defer { brand } } } }'), undefined)!;
    expect(nested.deferred).toHaveLength(1);
    expect(flat(nested.deferred[0]!.document)).toBe('{ product(id: "p-1") { ... { name ... { brand } } } }');
    expect(planDefer(parse('query ($d: Boolean) { product(id: "p-1") { ... @defer(if: $d) { name } } }'), undefined, { d: false })).toBeUndefined();
    expect(planDefer(parse('{ product(id: "p-1") { ... @defer(if: false) { name } } }'), undefined)).toBeUndefined();
    expect(planDefer(parse('mutation { a { ... @defer { b } } }'), undefined)).toBeUndefined();
    expect(planDefer(parse('{ product(id: "p-1") { name } }'), undefined)).toBeUndefined();
    expect(flat(withoutDefer(parse('{ p { ... @defer(label: "x") { name } } }')))).toBe('{ p { ... { name } } }');
  });
});

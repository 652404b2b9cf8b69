import { describe, expect, it } from 'vitest';
import { canonicalSelection, comparePlans, summarizePlan } from './planShape.js';

const apollo = {
  kind: 'QueryPlan',
  node: {
    kind: 'Sequence',
    nodes: [
      { kind: 'Fetch', serviceName: 'catalog', operation: 'query P__catalog__0($id:ID!){product(id:$id){__typename id name}}' },
      { kind: 'Flatten', path: ['product'], node: { kind: 'Fetch', serviceName: 'pricing', operation: 'query P__pricing__1($representations:[_Any!]!){_entities(representations:$representations){...on Product{price{amount}}}}' } },
    ],
  },
};
const rust = {
  kind: 'QueryPlan',
  node: {
    kind: 'Sequence',
    nodes: [
      { kind: 'Fetch', serviceName: 'catalog', operation: 'query($id:ID!){product(id: $id){name __typename id}}' },
      { kind: 'Flatten', path: [{ Field: 'product' }], node: { kind: 'Fetch', serviceName: 'pricing', operation: 'query($representations:[_Any!]!){_entities(representations: $representations){...on Product{price{amount}}}}' } },
    ],
  },
};

describe('planShape', () => {
  it('prints a selection without name or variables and with fields sorted', () => {
    expect(canonicalSelection('query X($a:Int){b c(a:$a){z y}}')).toBe(canonicalSelection('query{c(a: $a){y z} b}'));
  });

  it('expands named fragments and sorts arguments', () => {
    expect(canonicalSelection('query{p(b:1,a:2){...F} } fragment F on P{...on P{x} y}')).toBe(canonicalSelection('{p(a:2,b:1){y x}}'));
  });

  it('gives both formats the same shape and fetches', () => {
    const a = summarizePlan(apollo);
    const b = summarizePlan(rust);
    expect(a.shape).toBe('Seq(catalog, Flat(product: pricing))');
    expect(b.shape).toBe(a.shape);
    expect(comparePlans(a, b).same).toBe(true);
  });

  it('expands a Rust BatchFetch into one fetch per path', () => {
    const batch = summarizePlan({
      node: {
        kind: 'BatchFetch',
        serviceName: 'pricing',
        operation: 'query($__batch_reps_0:[_Any!]!){_e0: _entities(representations: $__batch_reps_0){...on Product{price{amount}}}}',
        entityBatch: { aliases: [{ alias: '_e0', paths: [[{ Field: 'product' }], [{ Field: 'list' }, '@']] }] },
      },
    });
    expect(batch.requests).toBe(1);
    expect(batch.shape).toBe('Batch(pricing: 2 paths)');
    expect(batch.fetches.map((f) => f.path)).toEqual(['product', 'list.@']);
    expect(batch.fetches[0]!.selection).toBe(summarizePlan(apollo).fetches[1]!.selection);
  });

  it('says which fetches differ', () => {
    const b = summarizePlan({ node: { kind: 'Fetch', serviceName: 'catalog', operation: '{product(id: 1){id}}' } });
    const diff = comparePlans(summarizePlan(apollo), b);
    expect(diff.same).toBe(false);
    expect(diff.onlyInA.map((f) => f.subgraph)).toEqual(['catalog', 'pricing']);
    expect(diff.onlyInB).toHaveLength(1);
  });
});

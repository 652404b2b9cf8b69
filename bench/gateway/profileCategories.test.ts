import { describe, expect, it } from 'vitest';
import { cpuByCategory, cpuShares, type CpuProfile } from './profileCategories.js';

const nm = 'file:///srv/app/node_modules';
const ours = 'file:///srv/app';
/** A profile of stacks (outermost frame first), each sampled for its time in µs. */
function profile(...stacks: [frames: [name: string, url: string][], us: number][]): CpuProfile {
  const nodes: { id: number; callFrame: { functionName: string; url: string }; children: number[] }[] = [{ id: 1, callFrame: { functionName: '(root)', url: '' }, children: [] }];
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  for (const [frames, us] of stacks) {
    let at = nodes[0]!;
    for (const [functionName, url] of frames) {
      let child = at.children.map((id) => nodes[id - 1]!).find((n) => n.callFrame.functionName === functionName && n.callFrame.url === url);
      if (!child) {
        child = { id: nodes.length + 1, callFrame: { functionName, url }, children: [] };
        nodes.push(child);
        at.children.push(child.id);
      }
      at = child;
    }
    samples.push(at.id);
    timeDeltas.push(us);
  }
  return { nodes, samples, timeDeltas };
}

describe('cpuByCategory', () => {
  const server: [string, string] = ['parserOnIncoming', 'node:_http_server'];
  const executor: [string, string] = ['executeFetch', `${nm}/@apollo/gateway/dist/executeQueryPlan.js`];
  const dataSource: [string, string] = ['process', `${ours}/gateway/undiciDataSource.ts`];

  it('gives a sample to the strongest owner on its stack, else to the nearest HTTP or pipeline frame', () => {
    const totals = cpuByCategory(profile(
      [[['(garbage collector)', '']], 5],
      [[['(idle)', '']], 1000],
      // Signing runs inside the data source, inside the executor: it is signing.
      [[server, ['processGraphQLRequest', `${nm}/@apollo/server/dist/esm/requestPipeline.js`], executor, dataSource, ['subgraphRequestHeaders', `${ours}/gateway/signedDataSource.ts`], ['Hmac', 'node:internal/crypto/hash']], 7],
      // Node's sockets under undici are the fetch, under the HTTP server's response the response.
      [[executor, dataSource, ['request', `${nm}/undici/lib/dispatcher/pool.js`], ['writevGeneric', 'node:internal/stream_base_commons']], 11],
      [[['runHttpQuery', `${nm}/@apollo/server/dist/esm/runHttpQuery.js`], ['end', 'node:_http_outgoing'], ['byteLength', 'node:buffer']], 13],
      [[['runHttpQuery', `${nm}/@apollo/server/dist/esm/runHttpQuery.js`], ['prettyJSONStringify', `${nm}/@apollo/server/dist/esm/runHttpQuery.js`]], 17],
      [[executor, ['computeResponse', `${ours}/gateway/planExecution/compiledResultShaping.ts`], ['updateOutputValue', `${ours}/gateway/planExecution/compileResultShaper.ts`], ['isSubtype', `${nm}/@apollo/federation-internals/dist/types.js`]], 19],
      [[server, ['validate', `${nm}/graphql/validation/validate.js`]], 23],
      [[['buildQueryPlan', `${nm}/@apollo/query-planner/dist/buildPlan.js`], ['get', `${nm}/@apollo/federation-internals/dist/utils.js`]], 29],
      [[executor, ['deepMerge', `${nm}/@apollo/gateway/dist/utilities/deepMerge.js`]], 31],
      [[['listOnTimeout', 'node:internal/timers']], 37],
      // The profiler writing its profile: not the gateway's work.
      [[['(anonymous)', `${ours}/bench/gateway/serve.ts`], ['dispatch', '']], 1000],
    ));
    expect(Object.fromEntries(totals)).toEqual({
      'garbage collection': 5,
      'signing subgraph calls': 7,
      'subgraph fetch + parsing': 11,
      'HTTP server (request in, response out)': 13,
      'JSON serialization': 17,
      'result shaping': 19,
      'GraphQL pipeline (Apollo Server, graphql-js, plugins)': 23,
      'query planning': 29,
      'plan execution (executor, merging)': 31,
      other: 37,
    });
  });

  it('gives shares of the busy time, every category present', () => {
    const shares = cpuShares(profile([[['(garbage collector)', '']], 30], [[['(idle)', '']], 50], [[['listOnTimeout', 'node:internal/timers']], 10]));
    expect(shares['garbage collection']).toBeCloseTo(0.75);
    expect(shares.other).toBeCloseTo(0.25);
    expect(shares['result shaping']).toBe(0);
  });
});

// The load generator of the gateway benchmark, in a process of its own: reads one JSON
// {@link LoadJob} per line on stdin and answers each with one JSON line of {@link LoadResult}.
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { OPERATIONS } from './operations.js';

export interface LoadJob {
  readonly url: string;
  readonly operation: string;
  /** `throughput`: autocannon, closed loop over `connections`; `latency`: one request at a time, µs precision. */
  readonly mode: 'throughput' | 'latency';
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
}

export interface LoadResult {
  readonly rps: number;
  /** Milliseconds. */
  readonly p50: number;
  readonly p99: number;
  /** Connection errors, non-2xx answers, and answers with a GraphQL `errors` list. */
  readonly errors: number;
  /** Responses received, warm-up included (throughput mode). */
  readonly responses?: number;
}

const bodiesOf = (name: string) => {
  const operation = OPERATIONS.find((o) => o.name === name)!;
  return Array.from({ length: 1000 }, (_, n) => JSON.stringify({ query: operation.query, variables: operation.variables(n) }));
};

async function throughput(job: LoadJob): Promise<LoadResult> {
  const bodies = bodiesOf(job.operation);
  let n = 0;
  let total = 0;
  let graphqlErrors = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    warmup: job.warmupSeconds > 0 ? { connections: job.connections, duration: job.warmupSeconds } : undefined,
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: bodies[n++ % bodies.length] }), onResponse: (status: number, body?: string) => {
      total++;
      // A gateway answers a failed subgraph fetch with 200 and an `errors` list: that is a failed request too.
      if (status < 300 && body?.includes('"errors"')) graphqlErrors++;
    } }],
  } as autocannon.Options);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx + graphqlErrors, responses: total };
}

async function latency(job: LoadJob): Promise<LoadResult> {
  const bodies = bodiesOf(job.operation);
  const url = new URL(job.url);
  const pool = new Pool(url.origin, { connections: 1 });
  const once = async (n: number) => {
    const res = await pool.request({ path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[n % bodies.length] });
    const text = await res.body.text();
    return res.statusCode === 200 && !text.includes('"errors"');
  };
  const until = performance.now() + job.warmupSeconds * 1000;
  let n = 0;
  while (performance.now() < until) await once(n++);
  const samples: number[] = [];
  let errors = 0;
  const end = performance.now() + job.seconds * 1000;
  while (performance.now() < end) {
    const start = performance.now();
    if (!(await once(n++))) errors++;
    samples.push(performance.now() - start);
  }
  await pool.close();
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { rps: samples.length / job.seconds, p50: at(0.5), p99: at(0.99), errors };
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const job = JSON.parse(line) as LoadJob;
  const result = job.mode === 'throughput' ? await throughput(job) : await latency(job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

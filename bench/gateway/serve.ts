// One process of the gateway benchmark: a subgraph, or one of the gateways under test.
// `serve.ts <kind> <json options>`; prints `READY <url>` once listening.
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { loadConfig, STORE_SUBGRAPH_NAMES, type StoreSubgraphName } from '../../lib/config/index.js';
import { openDb } from '../../lib/db/index.js';
import { createInProcessEventLog, createStreamEventBus } from '../../lib/events/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { migrateSubgraph, startSubgraph } from '../../lib/subgraph/index.js';
import { acceptEnforcedSecurityFeatures } from '../../lib/supergraph/index.js';
import { seedSampleStore } from '../../stack/sampleStore.js';
import { STORE_SUBGRAPHS } from '../../stack/embeddedStack.js';
import { createEntityCache, createMemoryCacheStore, subscribeCacheInvalidation } from '../../gateway/entityCache/index.js';
import { startGateway } from '../../gateway/startGateway.js';
import { createUndiciDataSource } from '../../gateway/undiciDataSource.js';
import { startDirectPlanServer } from './directPlan.js';
import { importHiveGateway } from '../gateways/comparisonGateways.js';
import { devStackSecurity } from '../../stack/stackSecurity.js';

const { authenticator, signingKey, limits } = devStackSecurity({ maxCost: 1_000_000, maxDepth: 100, maxAliases: 1000 });
const gatewaySecurity = { authenticator, signingKey, limits };

export interface ServeOptions {
  /** For gateways: the supergraph SDL with the benchmark's subgraph URLs in it. */
  readonly supergraphSdl?: string;
  readonly subgraphUrls?: Record<string, string>;
  /** ours: each subgraph's replicas, balanced by the gateway (the supergraph's URL is the first). */
  readonly replicaUrls?: Record<string, readonly string[]>;
  /** ours: undici data source (else RemoteGraphQLDataSource). */
  readonly undici?: boolean;
  /** ours: dedupe identical in-flight subgraph fetches. */
  readonly dedupe?: boolean;
  /** ours: entity cache in process. */
  readonly cache?: boolean;
  /** ours: keep Apollo Server's implicit cache-control plugin (off in ours: the entity cache does caching). */
  readonly cacheControl?: boolean;
  /** ours: worker processes behind one port (node:cluster); 1 = no cluster. */
  readonly workers?: number;
  /** ours: shape responses with the shaper compiled per operation (gateway/planExecution). @default true */
  readonly compiledResultShaping?: boolean;
  /** subgraph: products in the sample store (PGlite seeds its own copy). */
  readonly products?: number;
}

const [kind = '', json = '{}'] = process.argv.slice(2);
const options = JSON.parse(json) as ServeOptions;
const config = loadConfig(process.env, { logLevel: 'warn' });
const logger = createLogger({ level: 'warn', service: `bench-${kind}` });
const ready = (url: string) => process.stdout.write(`READY ${url}\n`);
// Exit (not die) on SIGTERM so --cpu-prof profiles get written.
process.on('SIGTERM', () => process.exit(0));

// `--profile`: the bench profiles one measurement at a time, asking over stdin: `start` (answered
// `PROFILING` once the profiler runs), then `stop <file>` (answered `PROFILED <file>` once written).
let profiler: Session | undefined;
createInterface({ input: process.stdin }).on('line', async (line) => {
  const [command, file] = line.split(' ');
  if (command === 'start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    process.stdout.write('PROFILING\n');
  } else if (command === 'stop' && profiler && file) {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    process.stdout.write(`PROFILED ${file}\n`);
  }
});

async function serveOurs(): Promise<string> {
  const bus = createStreamEventBus({ log: createInProcessEventLog() }); // nothing changes during the run: no invalidations to deliver
  const entityCache = options.cache ? createEntityCache({ stores: [createMemoryCacheStore()], logger }) : undefined;
  if (entityCache) await subscribeCacheInvalidation(entityCache, bus);
  const server = await startGateway({
    supergraphSdl: options.supergraphSdl!,
    port: 0,
    environment: 'production',
    logger,
    // Ours signs every subgraph call (the subgraphs here accept unsigned ones for vanilla and Hive).
    ...gatewaySecurity,
    subgraphUrls: options.replicaUrls,
    // As shipped: the signed undici data source. The lever targets swap in an unsigned one (the
    // subgraphs here accept unsigned calls) to measure the fetcher alone: signing costs ~0.2%.
    dataSource: options.undici === false ? ({ url }) => new RemoteGraphQLDataSource({ url: typeof url === 'string' ? url : url[0] })
      : options.dedupe === false ? ({ url }) => createUndiciDataSource({ url, dedupe: false })
      : undefined,
    entityCache,
    plugins: options.cacheControl ? [] : [ApolloServerPluginCacheControlDisabled()],
    compiledResultShaping: options.compiledResultShaping,
  });
  return server.url;
}

/** A store subgraph alone (the benchmark's reads call no other subgraph), accepting unsigned calls. */
async function serveStoreSubgraph(name: StoreSubgraphName): Promise<string> {
  const db = await openDb(config);
  for (const schema of STORE_SUBGRAPH_NAMES) await migrateSubgraph(db, schema);
  if (!config.databaseUrl) await seedSampleStore(db, { products: options.products });
  // No URLs to give, and a key no one verifies.
  const definition = STORE_SUBGRAPHS[name].create(db, {
    logger, environment: 'development', signingKey: randomBytes(32).toString('base64url'),
    subgraphUrls: (other) => { throw new Error(`the gateway benchmark runs ${name} alone, without ${other}`); },
  });
  // Unsigned calls accepted: vanilla @apollo/gateway and Hive Gateway cannot sign them.
  return (await startSubgraph(definition, { port: 0, logger, signingKey: null })).url;
}

const isStoreSubgraph = (name: string): name is StoreSubgraphName => (STORE_SUBGRAPH_NAMES as readonly string[]).includes(name);

switch (kind) {
  case 'direct':
    ready((await startDirectPlanServer(options.subgraphUrls!)).url);
    break;
  case 'vanilla': {
    // Vanilla: defaults everywhere, as the @apollo/gateway docs set it up. It refuses a
    // supergraph with SECURITY features it cannot enforce (@requiresScopes): it gets the
    // supergraph as ours loads it; the benchmark's operations are reads that need no scope.
    const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: acceptEnforcedSecurityFeatures(options.supergraphSdl!) }) });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    ready(`${url.replace('localhost', '127.0.0.1')}graphql`);
    break;
  }
  case 'hive': {
    const { createGatewayRuntime } = await importHiveGateway();
    const runtime = createGatewayRuntime({ supergraph: acceptEnforcedSecurityFeatures(options.supergraphSdl!), logging: false });
    const server = createServer(runtime);
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    ready(`http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`);
    break;
  }
  case 'ours': {
    const workers = options.workers ?? 1;
    if (workers > 1 && cluster.isPrimary) {
      // Workers listening on port 0 share one port picked by the primary.
      let url: string | undefined;
      for (let i = 0; i < workers; i++) {
        cluster.fork().on('message', (message: { url?: string }) => {
          if (message.url && !url) ready((url = message.url));
        });
      }
    } else {
      const url = await serveOurs();
      if (cluster.isWorker) process.send!({ url });
      else ready(url);
    }
    break;
  }
  default:
    if (!isStoreSubgraph(kind)) {
      process.stderr.write(`unknown kind ${kind}\n`);
      process.exit(2);
    }
    ready(await serveStoreSubgraph(kind));
}

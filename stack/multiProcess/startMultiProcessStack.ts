import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STORE_SUBGRAPH_NAMES, SUBGRAPH_NAMES, SUBGRAPHS, type SubgraphName } from '../../lib/config/index.js';
import { createPgDb } from '../../lib/db/index.js';
import { migrateSubgraph } from '../../lib/subgraph/index.js';
import { generatePaymentCredentials } from '../../subgraphs/payments/simulator/index.js';
import { generateDevCredentials as generateCarrierCredentials } from '../../subgraphs/shipping/simulator/carrierSimulator.js';
import { seedSampleStore } from '../sampleStore.js';
import { createProcessSupervisor, freePort, type ProcessSpec, type ProcessSupervisor } from './processSupervisor.js';

/** Options for {@link startMultiProcessStack}. */
export interface MultiProcessStackOptions {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Gateway replicas. @default 2 */
  readonly gateways?: number;
  /** Products of the sample store seeded into an empty database. @default 2000 */
  readonly products?: number;
  /** Redis key prefix of the change events. @default 'commerce:' */
  readonly keyPrefix?: string;
  /** Where each process writes `<name>.log`. @default a new temporary directory */
  readonly logDir?: string;
  /** Extra variables for every process (e.g. `ENTITY_CACHE: 'on'`). */
  readonly env?: Readonly<Record<string, string>>;
  /** The environment the children inherit beneath their own variables. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /**
   * Subgraphs run twice: `<name>` and `<name>-2`, both in every process's
   * `SUBGRAPH_<NAME>_URL` (the gateways and the subgraphs' own clients balance over them). @default none
   */
  readonly replicated?: readonly SubgraphName[];
}

/** The stack as separate processes: one per store subgraph, the outbox relay (with the event store's consumer), search (with its indexer), shipping, and the gateway replicas. */
export interface MultiProcessStack {
  readonly supervisor: ProcessSupervisor;
  /** `gateway-1`, `gateway-2`, … → GraphQL URL. */
  readonly gatewayUrls: Readonly<Record<string, string>>;
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /**
   * Simulators of the external APIs, by the subgraph that calls them (shipping: the carriers;
   * payments: the payment providers), each a process of its own; admin API under `/admin/`.
   */
  readonly simulatorUrls: Readonly<Partial<Record<SubgraphName, string>>>;
  /** Subgraphs running twice (`<name>` and `<name>-2`). */
  readonly replicated: readonly SubgraphName[];
  /** Generated for this run and shared by every process. */
  readonly authSharedSecret: string;
  readonly logDir: string;
  close(): Promise<void>;
}

/**
 * Migrates and seeds the database once, then starts catalog, pricing, inventory, the outbox relay,
 * search, shipping and the gateway replicas from source (`node --import tsx`), on free ports, with a
 * signing key and auth secret generated for this run. Resolves once every process is ready.
 */
export async function startMultiProcessStack(options: MultiProcessStackOptions): Promise<MultiProcessStack> {
  const db = createPgDb(options.databaseUrl, { max: 2 });
  try {
    for (const name of STORE_SUBGRAPH_NAMES) await migrateSubgraph(db, name);
    await seedSampleStore(db, { products: options.products });
  } finally {
    await db.close();
  }
  const logDir = options.logDir ?? mkdtempSync(path.join(tmpdir(), 'commerce-multi-'));
  const authSharedSecret = randomBytes(32).toString('base64url');
  const common: Record<string, string> = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    EVENTS_KEY_PREFIX: options.keyPrefix ?? 'commerce:',
    SUBGRAPH_SIGNING_KEY: randomBytes(32).toString('base64url'),
    // The relay is a process of its own, so it can fail (and be killed) apart from the stores.
    OUTBOX_RELAY: 'separate',
    AUTH_SHARED_SECRET: authSharedSecret,
    ...options.env,
  };
  const ports = {} as Record<SubgraphName, number>;
  for (const name of SUBGRAPH_NAMES) ports[name] = await freePort();
  const replicaPorts = new Map<SubgraphName, number>();
  for (const name of options.replicated ?? []) replicaPorts.set(name, await freePort());
  const simulatorUrls: Partial<Record<SubgraphName, string>> = {};
  const relayPort = await freePort();
  const url = (port: number, route = '/graphql') => `http://127.0.0.1:${port}${route}`;
  const subgraphUrls = Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, url(port)]));
  const portEnv = Object.fromEntries(Object.entries(ports).map(([name, port]) => [`${name.toUpperCase()}_PORT`, String(port)]));
  const urlEnv = Object.fromEntries(Object.entries(subgraphUrls).map(([name, u]) => {
    const replica = replicaPorts.get(name as SubgraphName);
    return [`SUBGRAPH_${name.toUpperCase()}_URL`, replica ? `${u},${url(replica)}` : u];
  }));

  const specs: Record<string, ProcessSpec> = {};
  // The external APIs' simulators run apart from the subgraphs that call them, as real APIs do:
  // a killed payments process leaves the providers' ledgers (what the chaos invariants check)
  // intact, and replicas of a subgraph share one simulator.
  const simulators = { shipping: await carrierSimulatorSpecs(common, urlEnv), payments: await paymentSimulatorSpecs(common, urlEnv) };
  for (const name of SUBGRAPH_NAMES) {
    // Every subgraph knows every other's URL; its external APIs are not its readiness. Search
    // builds its embedded index from the stores at start, then follows the event streams as a
    // durable consumer.
    const simulator: { readonly clientEnv: Record<string, string> } | undefined = (simulators as Partial<Record<SubgraphName, { clientEnv: Record<string, string> }>>)[name];
    specs[name] = { entry: `subgraphs/${name}/main.ts`, env: { ...common, ...portEnv, ...urlEnv, ...simulator?.clientEnv }, readyUrl: url(ports[name], '/readyz') };
    const replicaPort = replicaPorts.get(name);
    if (replicaPort) {
      specs[`${name}-2`] = { ...specs[name], env: { ...specs[name].env, [`${name.toUpperCase()}_PORT`]: String(replicaPort) }, readyUrl: url(replicaPort, '/readyz') };
    }
  }
  for (const [name, simulator] of Object.entries(simulators)) {
    simulatorUrls[name as SubgraphName] = simulator.url;
    specs[`${name === 'shipping' ? 'carrier' : 'payment'}-simulator`] = simulator.process;
  }
  // The relay process also appends every event to the event store (event_store schema, migrated at its start).
  specs.relay = { entry: 'relay/main.ts', env: { ...common, RELAY_PORT: String(relayPort) }, readyUrl: url(relayPort, '/readyz') };
  const gatewayUrls: Record<string, string> = {};
  for (let i = 1; i <= (options.gateways ?? 2); i++) {
    const port = await freePort();
    gatewayUrls[`gateway-${i}`] = url(port);
    specs[`gateway-${i}`] = { entry: 'gateway/main.ts', env: { ...common, ...urlEnv, GATEWAY_PORT: String(port) }, readyUrl: url(port, '/readyz') };
  }
  const supervisor = createProcessSupervisor(specs, { logDir, baseEnv: options.baseEnv });
  try {
    const withReplicas = (names: readonly SubgraphName[]) => names.flatMap((name) => replicaPorts.has(name) ? [name, `${name}-2`] : [name]);
    await Promise.all(['carrier-simulator', 'payment-simulator', ...withReplicas(STORE_SUBGRAPH_NAMES)].map((name) => supervisor.start(name)));
    await Promise.all(['relay', ...withReplicas(SUBGRAPH_NAMES.filter((name) => SUBGRAPHS[name].kind !== 'store'))].map((name) => supervisor.start(name)));
    await Promise.all(Object.keys(gatewayUrls).map((name) => supervisor.start(name)));
  } catch (error) {
    await supervisor.stopAll();
    throw error;
  }
  return {
    supervisor, gatewayUrls, subgraphUrls, simulatorUrls, authSharedSecret, logDir, replicated: [...replicaPorts.keys()],
    close: () => supervisor.stopAll(),
  };
}

/** The carrier simulator's process, with credentials generated for the run, and the variables pointing shipping at it. */
async function carrierSimulatorSpecs(common: Record<string, string>, urlEnv: Record<string, string>) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { parcelo, skyway, freightly } = generateCarrierCredentials();
  const clientEnv = {
    CARRIER_PARCELO_URL: `${url}/parcelo`, CARRIER_PARCELO_API_KEY: parcelo.apiKey, CARRIER_PARCELO_WEBHOOK_TOKEN: parcelo.webhookToken,
    CARRIER_SKYWAY_URL: `${url}/skyway`, CARRIER_SKYWAY_CLIENT_ID: skyway.clientId, CARRIER_SKYWAY_CLIENT_SECRET: skyway.clientSecret,
    CARRIER_SKYWAY_WEBHOOK_KEY: skyway.webhookKey,
    CARRIER_FREIGHTLY_URL: `${url}/freightly`, CARRIER_FREIGHTLY_USERNAME: freightly.username, CARRIER_FREIGHTLY_PASSWORD: freightly.password,
    CARRIER_FREIGHTLY_WEBHOOK_SECRET: freightly.webhookSecret,
  };
  // It pushes tracking to the shipping subgraph (SUBGRAPH_SHIPPING_URL in urlEnv).
  const spec: ProcessSpec = {
    entry: 'subgraphs/shipping/simulator/main.ts', env: { ...common, ...urlEnv, ...clientEnv, CARRIER_SIMULATOR_PORT: String(port) }, readyUrl: `${url}/admin/stats`,
  };
  return { url, process: spec, clientEnv };
}

/** The payment simulator's process, with credentials generated for the run, and the variables pointing payments at it. */
async function paymentSimulatorSpecs(common: Record<string, string>, urlEnv: Record<string, string>) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { payvia, acquira } = generatePaymentCredentials();
  const credentials = {
    PAYVIA_SECRET_KEY: payvia.secretKey, PAYVIA_WEBHOOK_SECRET: payvia.webhookSecret,
    ACQUIRA_API_KEY: acquira.apiKey, ACQUIRA_MERCHANT_ACCOUNT: acquira.merchantAccount, ACQUIRA_HMAC_KEY: acquira.hmacKey,
  };
  const spec: ProcessSpec = {
    entry: 'subgraphs/payments/simulator/main.ts', env: { ...common, ...urlEnv, ...credentials, PAYMENT_SIMULATOR_PORT: String(port) }, readyUrl: `${url}/admin/stats`,
  };
  return { url, process: spec, clientEnv: { ...credentials, PAYVIA_URL: `${url}/payvia`, ACQUIRA_URL: `${url}/acquira` } };
}

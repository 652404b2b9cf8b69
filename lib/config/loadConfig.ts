import path from 'node:path';
import { fromRoot } from '../paths.js';
import { ConfigError } from './ConfigError.js';

export const SUBGRAPH_NAMES = ['catalog', 'pricing', 'inventory', 'search'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export type Environment = 'development' | 'test' | 'production';

/** The validated, frozen configuration of every service. Only this module reads `process.env`. */
export interface Config {
  readonly environment: Environment;
  /** pino level. @default 'info' ('warn' under test) */
  readonly logLevel: string;
  /** Interface the HTTP servers bind to. @default '127.0.0.1' */
  readonly host: string;
  /** PostgreSQL URL; when unset, services run on embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** Redis URL; when unset, the in-process event bus is used. */
  readonly redisUrl: string | undefined;
  /** PGlite data directory for the embedded stack; `undefined` keeps data in memory. @default '.data/pglite' for `npm start` */
  readonly dataDir: string | undefined;
  readonly gatewayPort: number;
  readonly subgraphPorts: Readonly<Record<SubgraphName, number>>;
  /** Supergraph SDL file the gateway serves (absolute). @default `<project>/schema/supergraph.graphql` */
  readonly supergraphPath: string;
  /** Per-subgraph URL overrides (`SUBGRAPH_<NAME>_URL`); others come from the supergraph file. */
  readonly subgraphUrls: Readonly<Partial<Record<SubgraphName, string>>>;
  /** Largest HTTP request body accepted, in bytes. @default 1 MiB */
  readonly maxBodyBytes: number;
  /** Elasticsearch URL; when set, search uses Elasticsearch instead of the embedded index. */
  readonly elasticsearchUrl: string | undefined;
  /** Alias the Elasticsearch adapter serves; versions are `<alias>_v<timestamp>`. @default 'products' */
  readonly elasticsearchIndex: string;
  /** Embedded search index snapshot file; unset keeps it in memory. @default '.data/search/index.json' for `npm start` */
  readonly searchSnapshotPath: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Where each subgraph listens by default (and the URL `schema:compose` records). */
export const DEFAULT_SUBGRAPH_PORTS: Readonly<Record<SubgraphName, number>> = { catalog: 4001, pricing: 4002, inventory: 4003, search: 4004 };

/**
 * Parses and validates the environment once. Collects every problem and throws one
 * {@link ConfigError} naming each bad variable.
 */
export function loadConfig(env: Env = process.env, defaults: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const environment = read.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, defaults.environment ?? 'development');
  const subgraphPorts = {} as Record<SubgraphName, number>;
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const upper = name.toUpperCase();
    subgraphPorts[name] = read.port(`${upper}_PORT`, defaults.subgraphPorts?.[name] ?? DEFAULT_SUBGRAPH_PORTS[name]);
    const url = read.url(`SUBGRAPH_${upper}_URL`, ['http:', 'https:']);
    if (url) subgraphUrls[name] = url;
  }

  const config: Config = {
    environment,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      (defaults.logLevel as 'info' | undefined) ?? (environment === 'test' ? 'warn' : 'info')),
    host: read.string('HOST', defaults.host ?? '127.0.0.1'),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']) ?? defaults.databaseUrl,
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']) ?? defaults.redisUrl,
    dataDir: read.optional('PGLITE_DATA_DIR') ?? defaults.dataDir,
    gatewayPort: read.port('GATEWAY_PORT', defaults.gatewayPort ?? 4000),
    subgraphPorts,
    supergraphPath: path.resolve(read.string('SUPERGRAPH_PATH', defaults.supergraphPath ?? fromRoot('schema', 'supergraph.graphql'))),
    subgraphUrls,
    maxBodyBytes: read.integer('MAX_BODY_BYTES', defaults.maxBodyBytes ?? 1024 * 1024, 1024, 512 * 1024 * 1024),
    elasticsearchUrl: read.url('ELASTICSEARCH_URL', ['http:', 'https:']) ?? defaults.elasticsearchUrl,
    elasticsearchIndex: read.string('ELASTICSEARCH_INDEX', defaults.elasticsearchIndex ?? 'products'),
    searchSnapshotPath: read.optional('SEARCH_SNAPSHOT_PATH') ?? defaults.searchSnapshotPath,
  };
  if (!/^[a-z0-9][a-z0-9_-]{0,100}$/.test(config.elasticsearchIndex)) problems.push('ELASTICSEARCH_INDEX must be a lower-case index name');
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

class EnvReader {
  constructor(private readonly env: Env, private readonly problems: string[]) {}

  optional(key: string): string | undefined {
    const value = this.env[key]?.trim();
    return value === '' ? undefined : value;
  }

  string(key: string, fallback: string): string {
    return this.optional(key) ?? fallback;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(key);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${key}=${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
    return fallback;
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const value = this.optional(key);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${key}=${JSON.stringify(value)} must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  port(key: string, fallback: number): number {
    return this.integer(key, fallback, 0, 65535);
  }

  url(key: string, protocols: readonly string[]): string | undefined {
    const value = this.optional(key);
    if (value === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problems.push(`${key} is not a valid URL`);
      return undefined;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.problems.push(`${key} must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
      return undefined;
    }
    return value;
  }
}

import { clusterNodes, isClusterUrl } from '../redis/openRedis.js';
/** The environment as read: variable name → raw value. */
export type Env = Readonly<Record<string, string | undefined>>;

/** One variable as the code reads it: what the configuration reference (docs/configuration.md) is generated from. */
export interface VariableRead {
  readonly name: string;
  /** `text`, `secret`, `integer 1–1000`, `one of a, b`, `URL (http:, https:)`… */
  readonly kind: string;
  /** The default when unset (the code's; a caller may pass its own). */
  readonly fallback: string | number | undefined;
}

/** Reads typed variables, recording every problem instead of throwing, and every variable it was asked for. */
export class EnvReader {
  /** Every variable read so far, in reading order. */
  readonly variables = new Map<string, VariableRead>();

  constructor(private readonly env: Env, private readonly problems: string[]) {}

  private note(name: string, kind: string, fallback?: string | number): void {
    this.variables.set(name, { name, kind, fallback });
  }

  /** Records a problem that spans several variables. */
  problem(message: string): void {
    this.problems.push(message);
  }

  optional(key: string): string | undefined {
    if (!this.variables.has(key)) this.note(key, 'text');
    const value = this.env[key]?.trim();
    return value === '' ? undefined : value;
  }

  /** A secret of at least 32 characters; its value never appears in a problem message. */
  secret(key: string): string | undefined {
    this.note(key, 'secret, ≥ 32 characters');
    const value = this.optional(key);
    if (value !== undefined && value.length < 32) {
      this.problems.push(`${key} must be at least 32 characters long`);
      return undefined;
    }
    return value;
  }

  string(key: string, fallback: string): string {
    this.note(key, 'text', fallback);
    return this.optional(key) ?? fallback;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    this.note(key, `one of ${allowed.join(', ')}`, fallback);
    const value = this.optional(key);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${key}=${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
    return fallback;
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    this.note(key, `integer ${min}–${max}`, fallback);
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

  /** Comma-separated URLs (replicas of one service); each is checked as {@link url} checks one. */
  urls(key: string, protocols: readonly string[]): string[] | undefined {
    this.note(key, `URLs, comma-separated (${protocols.join(', ')})`);
    const value = this.optional(key);
    if (value === undefined) return undefined;
    const urls = value.split(',').map((u) => u.trim()).filter((u) => u !== '');
    return urls.every((u) => this.checkUrl(key, u, protocols)) && urls.length > 0 ? urls : undefined;
  }

  url(key: string, protocols: readonly string[]): string | undefined {
    this.note(key, `URL (${protocols.join(', ')})`);
    const value = this.optional(key);
    if (value === undefined) return undefined;
    return this.checkUrl(key, value, protocols) ? value : undefined;
  }

  /** A Redis URL: `redis://`, `rediss://`, or `redis-cluster://host:port[,host:port…]` for a Redis Cluster (seed nodes). */
  redisUrl(key: string): string | undefined {
    this.note(key, 'URL (redis:, rediss:, redis-cluster:)');
    const value = this.optional(key);
    if (value === undefined) return undefined;
    if (isClusterUrl(value)) {
      try {
        clusterNodes(value);
        return value;
      } catch (error) {
        this.problems.push(`${key}: ${(error as Error).message}`);
        return undefined;
      }
    }
    return this.checkUrl(key, value, ['redis:', 'rediss:']) ? value : undefined;
  }

  private checkUrl(key: string, value: string, protocols: readonly string[]): boolean {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problems.push(`${key} is not a valid URL`);
      return false;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.problems.push(`${key} must use ${protocols.join(' or ')} (got ${parsed.protocol})`);
      return false;
    }
    return true;
  }
}

/** The environment as read: variable name → raw value. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Reads typed variables, recording every problem instead of throwing. */
export class EnvReader {
  constructor(private readonly env: Env, private readonly problems: string[]) {}

  /** Records a problem that spans several variables. */
  problem(message: string): void {
    this.problems.push(message);
  }

  optional(key: string): string | undefined {
    const value = this.env[key]?.trim();
    return value === '' ? undefined : value;
  }

  /** A secret of at least 32 characters; its value never appears in a problem message. */
  secret(key: string): string | undefined {
    const value = this.optional(key);
    if (value !== undefined && value.length < 32) {
      this.problems.push(`${key} must be at least 32 characters long`);
      return undefined;
    }
    return value;
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

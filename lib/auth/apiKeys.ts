import { createHash, randomBytes } from 'node:crypto';

/** The request header that names the API client (`X-Api-Key`); the JWT, when present, still names the user. */
export const API_KEY_HEADER = 'x-api-key';

/** An API key: `ck_` and 32 random bytes in base64url (256 bits: a plain hash stores it safely). */
export const newApiKey = (): string => `ck_${randomBytes(32).toString('base64url')}`;

/** How keys are stored and looked up: the hex SHA-256 of the key. The key itself is shown once, never stored. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Enough of a key to tell it apart in listings and logs, not enough to use it. */
export const apiKeyPrefix = (key: string): string => key.slice(0, 10);

/** Whether a header value can be a key at all (checked before any lookup). */
export const isWellFormedApiKey = (key: string): boolean => /^ck_[A-Za-z0-9_-]{43}$/.test(key);

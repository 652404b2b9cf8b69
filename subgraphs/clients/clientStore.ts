import { randomUUID } from 'node:crypto';
import { apiKeyPrefix, hashApiKey, newApiKey } from '../../lib/auth/index.js';
import type { Queryable } from '../../lib/db/index.js';

export type ClientKind = 'storefront' | 'partner' | 'mobile' | 'internal';
export const CLIENT_KINDS: readonly ClientKind[] = ['storefront', 'partner', 'mobile', 'internal'];

/** What the gateway applies to a client's requests. */
export interface ClientLimits {
  readonly requestsPerSecond: number;
  readonly costPerMinute: number;
}

export interface ApiClient extends ClientLimits {
  readonly id: string;
  readonly name: string;
  readonly kind: ClientKind;
  readonly trustedOnly: boolean;
  readonly createdAt: Date;
  readonly disabledAt: Date | null;
}

export interface ApiKey {
  readonly id: string;
  readonly clientId: string;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
}

/** A key as issued: the plain key is in hand this once. */
export interface IssuedKey {
  readonly key: ApiKey;
  readonly apiKey: string;
}

export interface NewClient {
  readonly id: string;
  readonly name: string;
  readonly kind: ClientKind;
  readonly requestsPerSecond: number;
  readonly costPerMinute: number;
  readonly trustedOnly?: boolean;
}

/** What staff may change of a client; a disabled client's keys are refused until it is enabled again. */
export type ClientChange = Partial<Pick<NewClient, 'name' | 'requestsPerSecond' | 'costPerMinute' | 'trustedOnly'> & { disabled: boolean }>;

const CLIENT_COLUMNS = 'id, name, kind, requests_per_second, cost_per_minute, trusted_only, created_at, disabled_at';
interface ClientRow { id: string; name: string; kind: ClientKind; requests_per_second: number; cost_per_minute: number; trusted_only: boolean; created_at: Date; disabled_at: Date | null }
const clientOf = (r: ClientRow): ApiClient => ({
  id: r.id, name: r.name, kind: r.kind, requestsPerSecond: r.requests_per_second, costPerMinute: r.cost_per_minute,
  trustedOnly: r.trusted_only, createdAt: r.created_at, disabledAt: r.disabled_at,
});
const KEY_COLUMNS = 'id, client_id, prefix, created_at, expires_at, revoked_at';
interface KeyRow { id: string; client_id: string; prefix: string; created_at: Date; expires_at: Date | null; revoked_at: Date | null }
const keyOf = (r: KeyRow): ApiKey => ({ id: r.id, clientId: r.client_id, prefix: r.prefix, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at });

/** A key is live until revoked or past its expiry (a rotated-out key's overlap). */
const LIVE_KEY = '(k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now()))';

/** API clients and their keys in the `clients` schema: what staff manage (graph and `npm run client`) and what the gateway looks keys up in. */
export function createClientStore(db: Queryable) {
  async function issueKey(clientId: string): Promise<IssuedKey> {
    const apiKey = newApiKey();
    const { rows } = await db.query<KeyRow>(
      `INSERT INTO clients.api_keys (id, client_id, key_hash, prefix) VALUES ($1, $2, $3, $4) RETURNING ${KEY_COLUMNS}`,
      [`key-${randomUUID()}`, clientId, hashApiKey(apiKey), apiKeyPrefix(apiKey)]);
    return { key: keyOf(rows[0]!), apiKey };
  }

  return {
    /** Creates the client and its first key; undefined when the id is taken. */
    async create(client: NewClient): Promise<{ client: ApiClient; issued: IssuedKey } | undefined> {
      const { rows } = await db.query<ClientRow>(
        `INSERT INTO clients.clients (id, name, kind, requests_per_second, cost_per_minute, trusted_only)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING ${CLIENT_COLUMNS}`,
        [client.id, client.name, client.kind, client.requestsPerSecond, client.costPerMinute, client.trustedOnly ?? false]);
      if (!rows[0]) return undefined;
      return { client: clientOf(rows[0]), issued: await issueKey(client.id) };
    },

    async get(id: string): Promise<ApiClient | undefined> {
      const { rows } = await db.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients.clients WHERE id = $1`, [id]);
      return rows[0] ? clientOf(rows[0]) : undefined;
    },

    async list(): Promise<ApiClient[]> {
      const { rows } = await db.query<ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients.clients ORDER BY id`);
      return rows.map(clientOf);
    },

    /** Changes limits, trust, the name or whether it is disabled; undefined for an unknown client. */
    async update(id: string, change: ClientChange): Promise<ApiClient | undefined> {
      const { rows } = await db.query<ClientRow>(
        `UPDATE clients.clients SET name = coalesce($2, name), requests_per_second = coalesce($3, requests_per_second),
           cost_per_minute = coalesce($4, cost_per_minute), trusted_only = coalesce($5, trusted_only),
           disabled_at = CASE WHEN $6::boolean IS NULL THEN disabled_at WHEN $6 THEN coalesce(disabled_at, now()) END
         WHERE id = $1 RETURNING ${CLIENT_COLUMNS}`,
        [id, change.name ?? null, change.requestsPerSecond ?? null, change.costPerMinute ?? null, change.trustedOnly ?? null, change.disabled ?? null]);
      return rows[0] ? clientOf(rows[0]) : undefined;
    },

    /** Every key of the client, newest first (hashes never leave the store). */
    async keys(clientId: string): Promise<ApiKey[]> {
      const { rows } = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM clients.api_keys WHERE client_id = $1 ORDER BY created_at DESC, id`, [clientId]);
      return rows.map(keyOf);
    },

    /**
     * A new key for the client; its live keys stay valid for `overlapMs` more (0: at once), so
     * the client can switch without a gap. Undefined for an unknown client.
     */
    async rotate(clientId: string, overlapMs: number): Promise<IssuedKey | undefined> {
      if (!(await this.get(clientId))) return undefined;
      await db.query(
        `UPDATE clients.api_keys k SET expires_at = least(coalesce(k.expires_at, 'infinity'), now() + $2 * interval '1 millisecond')
         WHERE k.client_id = $1 AND ${LIVE_KEY}`, [clientId, overlapMs]);
      return issueKey(clientId);
    },

    /** Revokes one key at once; undefined when there is no such live key. */
    async revoke(keyId: string): Promise<ApiKey | undefined> {
      const { rows } = await db.query<KeyRow>(`UPDATE clients.api_keys k SET revoked_at = now() WHERE id = $1 AND ${LIVE_KEY} RETURNING ${KEY_COLUMNS}`, [keyId]);
      return rows[0] ? keyOf(rows[0]) : undefined;
    },

    /**
     * Registers documents for the client: new ids are added, an id already there with the same
     * text is unchanged, and one with another text is a conflict (a document never changes
     * under its id) and is not written. Undefined for an unknown client.
     */
    async addDocuments(clientId: string, documents: ReadonlyMap<string, string>): Promise<{ added: number; unchanged: number; conflicts: string[] } | undefined> {
      if (!(await this.get(clientId))) return undefined;
      const ids = [...documents.keys()];
      const { rows } = await db.query<{ document_id: string; body: string }>(
        'SELECT document_id, body FROM clients.documents WHERE client_id = $1 AND document_id = ANY($2)', [clientId, ids]);
      const existing = new Map(rows.map((r) => [r.document_id, r.body]));
      const fresh = ids.filter((id) => !existing.has(id));
      if (fresh.length > 0) {
        await db.query(
          `INSERT INTO clients.documents (client_id, document_id, body) SELECT $1, d.id, d.body FROM unnest($2::text[], $3::text[]) AS d (id, body)
           ON CONFLICT DO NOTHING`, [clientId, fresh, fresh.map((id) => documents.get(id)!)]);
      }
      return {
        added: fresh.length,
        unchanged: ids.filter((id) => existing.get(id) === documents.get(id)).length,
        conflicts: ids.filter((id) => existing.has(id) && existing.get(id) !== documents.get(id)),
      };
    },

    /** One registered document's text (the gateway's lookup). */
    async document(clientId: string, documentId: string): Promise<string | undefined> {
      const { rows } = await db.query<{ body: string }>('SELECT body FROM clients.documents WHERE client_id = $1 AND document_id = $2', [clientId, documentId]);
      return rows[0]?.body;
    },

    async documentCount(clientId: string): Promise<number> {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM clients.documents WHERE client_id = $1', [clientId]);
      return rows[0]!.n;
    },

    /** Every registered document, for the schema check. */
    async allDocuments(): Promise<{ clientId: string; documentId: string; body: string }[]> {
      const { rows } = await db.query<{ client_id: string; document_id: string; body: string }>(
        'SELECT client_id, document_id, body FROM clients.documents ORDER BY client_id, document_id');
      return rows.map((r) => ({ clientId: r.client_id, documentId: r.document_id, body: r.body }));
    },

    /** The enabled client a live key belongs to, by the key's hash (the gateway's lookup). */
    async byKeyHash(keyHash: string): Promise<ApiClient | undefined> {
      const { rows } = await db.query<ClientRow>(
        `SELECT ${CLIENT_COLUMNS.split(', ').map((c) => `c.${c}`).join(', ')} FROM clients.api_keys k JOIN clients.clients c ON c.id = k.client_id
         WHERE k.key_hash = $1 AND ${LIVE_KEY} AND c.disabled_at IS NULL`, [keyHash]);
      return rows[0] ? clientOf(rows[0]) : undefined;
    },
  };
}

export type ClientStore = ReturnType<typeof createClientStore>;

/** What the gateway's lookup answers: the client, under the name the grant gives its id. */
export type ApiKeyGrant = ApiClient & { readonly clientId: string };

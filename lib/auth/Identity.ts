/** Who is calling, as the gateway established it from a verified token. */
export interface Identity {
  /** The token's `sub`; `undefined` for an anonymous caller. */
  readonly subject: string | undefined;
  /** Roles from the token's `roles` (or `role`) claim. */
  readonly roles: readonly string[];
  /** The token's `scope`/`scp` claim plus every scope its roles grant (see {@link ROLE_SCOPES}). */
  readonly scopes: readonly string[];
  /**
   * The API client whose key the request carried (the gateway's edge, docs/edge.md), forwarded
   * inside the signed identity; absent without a key. It grants nothing: it names the caller's app.
   */
  readonly client?: string;
}

/** A caller without a token: may read the storefront, may not write. */
export const ANONYMOUS: Identity = Object.freeze({ subject: undefined, roles: Object.freeze([]), scopes: Object.freeze([]) });

export const isAuthenticated = (identity: Identity): boolean => identity.subject !== undefined;

/**
 * The scopes each role grants, so an identity provider can issue roles only. A token may
 * also carry scopes directly (`scope: "pricing:write"`).
 */
export const ROLE_SCOPES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  /** Sets prices, reads reserved stock, reads search analytics and experiments. */
  merchandiser: ['pricing:write', 'inventory:read', 'search:analytics'],
  /** Receives, counts and moves stock. */
  warehouse: ['inventory:write', 'inventory:read'],
  /** Reads every cart and order, cancels orders, reads the audit trail (customer service). */
  support: ['orders:read', 'orders:write', 'audit:read'],
  /** Everything. */
  admin: ['pricing:write', 'inventory:write', 'inventory:read', 'orders:read', 'orders:write', 'audit:read', 'webhooks:admin', 'clients:admin', 'search:analytics'],
  /** Signed in, no extra rights (a shopper). */
  customer: [],
});

/** An identity from claims: scopes of the token plus those of its roles, deduplicated. */
export function identityOf(subject: string, roles: readonly string[], scopes: readonly string[]): Identity {
  const all = new Set(scopes);
  // Role names come from the token: read own entries only (`__proto__`, `constructor` grant nothing).
  for (const role of roles) if (Object.hasOwn(ROLE_SCOPES, role)) for (const scope of ROLE_SCOPES[role]!) all.add(scope);
  return Object.freeze({ subject, roles: Object.freeze([...roles]), scopes: Object.freeze([...all].sort()) });
}

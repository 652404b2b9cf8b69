import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ANONYMOUS, type Identity } from './Identity.js';
import { unauthenticated } from './authenticator.js';

/** The caller's identity as the gateway forwards it: base64url JSON of {@link Identity}. */
export const IDENTITY_HEADER = 'x-commerce-identity';
/** `t=<unix ms>,v1=<base64url HMAC-SHA256>` over the request id, identity and request digest. */
export const SIGNATURE_HEADER = 'x-commerce-signature';

/** The parts of a subgraph request the signature covers. */
export interface SignedCall {
  readonly requestId: string;
  readonly identity: Identity;
  /** The GraphQL request sent to the subgraph: its query, operation name and variables are bound to the signature. */
  readonly query: string | undefined;
  readonly operationName?: string | null | undefined;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
}

/** The gateway's side: headers that prove a subgraph request came from it, for whom, and when. */
export function signCall(key: string, call: SignedCall, now = Date.now()): Record<string, string> {
  const identity = Buffer.from(JSON.stringify(call.identity)).toString('base64url');
  const mac = hmac(key, now, call.requestId, identity, digest(call.query, call.operationName, call.variables));
  return { [IDENTITY_HEADER]: identity, [SIGNATURE_HEADER]: `t=${now},v1=${mac}` };
}

/** Options for {@link verifyCall}. */
export interface VerifyOptions {
  /** Oldest (and furthest in the future) a signature may be, in ms: bounds replay. */
  readonly maxAgeMs: number;
  readonly now?: number;
}

/**
 * A subgraph's side: the identity the gateway forwarded, when the signature is valid,
 * fresh and matches this request's id and body; otherwise `UNAUTHENTICATED` (HTTP 401).
 * A replay inside the freshness window with the same body is accepted (no nonce store).
 */
export function verifyCall(
  key: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  requestId: string,
  body: unknown,
  options: VerifyOptions,
): Identity {
  const identityHeader = single(headers[IDENTITY_HEADER]);
  const signature = single(headers[SIGNATURE_HEADER]);
  if (!identityHeader || !signature) throw unauthenticated('subgraphs accept only requests signed by the gateway');
  const match = /^t=(\d{1,16}),v1=([A-Za-z0-9_-]{43})$/.exec(signature);
  if (!match) throw unauthenticated('the gateway signature is malformed');
  const timestamp = Number(match[1]);
  if (Math.abs((options.now ?? Date.now()) - timestamp) > options.maxAgeMs) throw unauthenticated('the gateway signature has expired');
  const request = (body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const expected = hmac(key, timestamp, requestId, identityHeader, digest(
    typeof request.query === 'string' ? request.query : undefined,
    typeof request.operationName === 'string' ? request.operationName : undefined,
    request.variables as Record<string, unknown> | undefined,
  ));
  const given = Buffer.from(match[2]!, 'base64url');
  if (!timingSafeEqual(given, Buffer.from(expected, 'base64url'))) throw unauthenticated('the gateway signature does not match the request');
  return parseIdentity(identityHeader);
}

function hmac(key: string, timestamp: number, requestId: string, identity: string, bodyDigest: string): string {
  return createHmac('sha256', key).update(`v1\n${timestamp}\n${requestId}\n${identity}\n${bodyDigest}`).digest('base64url');
}

/** JSON.stringify of parsed JSON is canonical, so both sides compute the same digest. */
function digest(query: string | undefined, operationName: string | null | undefined, variables: unknown): string {
  const vars = variables && typeof variables === 'object' && Object.keys(variables).length > 0 ? JSON.stringify(variables) : '';
  return createHash('sha256').update(`${query ?? ''}\0${operationName ?? ''}\0${vars}`).digest('base64url');
}

function parseIdentity(header: string): Identity {
  const parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Partial<Identity>;
  if (typeof parsed.subject !== 'string') return ANONYMOUS;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
  return Object.freeze({ subject: parsed.subject, roles: strings(parsed.roles), scopes: strings(parsed.scopes) });
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

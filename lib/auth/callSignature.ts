import { createHash, createHmac, createSecretKey, randomFillSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { ANONYMOUS, type Identity } from './Identity.js';
import { unauthenticated } from './authenticator.js';

/** The caller's identity as the gateway forwards it: base64url JSON of {@link Identity}. */
export const IDENTITY_HEADER = 'x-commerce-identity';
/**
 * `t=<unix ms>,n=<nonce>,v1=<base64url HMAC-SHA256>` over the audience (the subgraph called),
 * time, nonce, request id, identity and request digest.
 */
export const SIGNATURE_HEADER = 'x-commerce-signature';

/** The parts of a subgraph request the signature covers. */
export interface SignedCall {
  /** The subgraph the call is for (its name): another subgraph refuses the signature. */
  readonly audience: string;
  readonly requestId: string;
  readonly identity: Identity;
  /** The GraphQL request sent to the subgraph: its query, operation name and variables are bound to the signature. */
  readonly query: string | undefined;
  readonly operationName?: string | null | undefined;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
}

/** The gateway's side: headers that prove a subgraph request came from it, for whom, and when. */
export function signCall(key: string, call: SignedCall, now = Date.now(), nonce = newNonce()): Record<string, string> {
  const identity = identityHeader(call.identity);
  const mac = hmac(key, call.audience, now, nonce, call.requestId, identity, digest(call.query, call.operationName, call.variables));
  return { [IDENTITY_HEADER]: identity, [SIGNATURE_HEADER]: `t=${now},n=${nonce},v1=${mac}` };
}

/** What {@link verifyCall} established about a valid call. */
export interface VerifiedCall {
  readonly identity: Identity;
  /** Unique per signed call: a subgraph accepts each nonce once within the freshness window. */
  readonly nonce: string;
  /** When it was signed, in unix ms. */
  readonly signedAt: number;
}

/** Options for {@link verifyCall}. */
export interface VerifyOptions {
  /** The name of the subgraph verifying: a call signed for another one is refused. */
  readonly audience: string;
  /** Oldest (and furthest in the future) a signature may be, in ms: bounds replay. */
  readonly maxAgeMs: number;
  readonly now?: number;
}

/**
 * A subgraph's side: the identity the gateway forwarded and the call's nonce, when the
 * signature is valid, fresh, for this audience and matches this request's id and body;
 * otherwise `UNAUTHENTICATED` (HTTP 401). Replays inside the freshness window pass this
 * check: the caller must also claim the nonce in a {@link NonceStore} (startSubgraph does).
 */
export function verifyCall(
  key: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  requestId: string,
  body: unknown,
  options: VerifyOptions,
): VerifiedCall {
  const identityHeader = single(headers[IDENTITY_HEADER]);
  const signature = single(headers[SIGNATURE_HEADER]);
  if (!identityHeader || !signature) throw unauthenticated('subgraphs accept only requests signed by the gateway');
  const match = /^t=(\d{1,16}),n=([A-Za-z0-9_-]{16,64}),v1=([A-Za-z0-9_-]{43})$/.exec(signature);
  if (!match) throw unauthenticated('the gateway signature is malformed');
  const timestamp = Number(match[1]);
  if (Math.abs((options.now ?? Date.now()) - timestamp) > options.maxAgeMs) throw unauthenticated('the gateway signature has expired');
  const request = (body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const nonce = match[2]!;
  const expected = hmac(key, options.audience, timestamp, nonce, requestId, identityHeader, digest(
    typeof request.query === 'string' ? request.query : undefined,
    typeof request.operationName === 'string' ? request.operationName : undefined,
    request.variables as Record<string, unknown> | undefined,
  ));
  const given = Buffer.from(match[3]!, 'base64url');
  if (!timingSafeEqual(given, Buffer.from(expected, 'base64url'))) throw unauthenticated('the gateway signature does not match the request');
  return { identity: parseIdentity(identityHeader), nonce, signedAt: timestamp };
}

/**
 * 16 random bytes each, cut from a block refilled every 256 nonces: one randomBytes call per
 * signed call was half the cost of signing. No slice is handed out twice.
 */
const nonceBlock = Buffer.alloc(16 * 256);
let nonceAt = nonceBlock.length;
function newNonce(): string {
  if (nonceAt === nonceBlock.length) {
    randomFillSync(nonceBlock);
    nonceAt = 0;
  }
  nonceAt += 16;
  return nonceBlock.toString('base64url', nonceAt - 16, nonceAt);
}

/** The header of a deeply frozen identity (the authenticator's, ANONYMOUS) is made once: it cannot change. */
const identityHeaders = new WeakMap<Identity, string>();
function identityHeader(identity: Identity): string {
  let header = identityHeaders.get(identity);
  if (header === undefined) {
    header = Buffer.from(JSON.stringify(identity)).toString('base64url');
    if (Object.isFrozen(identity) && Object.isFrozen(identity.roles) && Object.isFrozen(identity.scopes)) identityHeaders.set(identity, header);
  }
  return header;
}

/** The signing key as a KeyObject, made once per key (createHmac re-reads a string key on every call). */
const keyObjects = new Map<string, KeyObject>();
function keyObject(key: string): KeyObject {
  let object = keyObjects.get(key);
  if (!object) keyObjects.set(key, (object = createSecretKey(Buffer.from(key))));
  return object;
}

function hmac(key: string, audience: string, timestamp: number, nonce: string, requestId: string, identity: string, bodyDigest: string): string {
  return createHmac('sha256', keyObject(key)).update(`v2\n${audience}\n${timestamp}\n${nonce}\n${requestId}\n${identity}\n${bodyDigest}`).digest('base64url');
}

/** JSON.stringify of parsed JSON is canonical, so both sides compute the same digest. */
function digest(query: string | undefined, operationName: string | null | undefined, variables: unknown): string {
  const vars = variables && typeof variables === 'object' && Object.keys(variables).length > 0 ? JSON.stringify(variables) : '';
  return createHash('sha256').update(`${query ?? ''}\0${operationName ?? ''}\0${vars}`).digest('base64url');
}

function parseIdentity(header: string): Identity {
  const parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Partial<Identity>;
  const client = typeof parsed.client === 'string' ? { client: parsed.client } : {};
  if (typeof parsed.subject !== 'string') return 'client' in client ? Object.freeze({ ...ANONYMOUS, ...client }) : ANONYMOUS;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
  return Object.freeze({ subject: parsed.subject, roles: strings(parsed.roles), scopes: strings(parsed.scopes), ...client });
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

import { randomUUID } from 'node:crypto';
import { currentRequest, REQUEST_ID_HEADER } from '../logging/index.js';
import { signCall, type SignedCall } from './callSignature.js';
import { ANONYMOUS } from './Identity.js';

/**
 * Every header a call to a subgraph needs: the request id (the current request's, so logs
 * join up) and the signature subgraphs verify. Used by the gateway's data source and by a
 * subgraph that calls another one (shipping weighing products in catalog).
 */
export function signedRequestHeaders(signingKey: string, call: Omit<SignedCall, 'requestId' | 'identity'> & Partial<Pick<SignedCall, 'requestId' | 'identity'>>): Record<string, string> {
  const requestId = call.requestId ?? currentRequest()?.requestId ?? randomUUID();
  return { [REQUEST_ID_HEADER]: requestId, ...signCall(signingKey, { ...call, requestId, identity: call.identity ?? ANONYMOUS }) };
}

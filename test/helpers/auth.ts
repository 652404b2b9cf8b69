import { mintDevToken, type DevTokenOptions } from '../../lib/auth/index.js';
import type { Stack } from '../../stack/embeddedStack.js';

/** A token the stack accepts, for a role (`merchandiser`, `warehouse`, `admin`, `customer`); `overrides` forge bad ones. */
export function tokenFor(stack: Pick<Stack, 'security'>, role: string, overrides: Partial<DevTokenOptions> = {}): Promise<string> {
  const { auth } = stack.security;
  return mintDevToken({ secret: auth.sharedSecret!, issuer: auth.issuer, audience: auth.audience, roles: [role], ...overrides });
}

/** `{ authorization: 'Bearer …' }` for {@link tokenFor}. */
export async function authHeader(stack: Pick<Stack, 'security'>, role: string, overrides: Partial<DevTokenOptions> = {}): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await tokenFor(stack, role, overrides)}` };
}

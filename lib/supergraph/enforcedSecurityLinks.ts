/** The authorization features our gateway enforces itself (gateway/authorizingGateway.ts). */
export const ENFORCED_SECURITY_FEATURES = ['https://specs.apollo.dev/authenticated/', 'https://specs.apollo.dev/requiresScopes/'] as const;

const LINK = /@link\(\s*url:\s*"([^"]+)"\s*,\s*for:\s*SECURITY\s*\)/g;

/**
 * @apollo/gateway (and federation-internals' `Supergraph.build`) refuse a supergraph whose
 * `@link(..., for: SECURITY)` features they cannot enforce (`@authenticated`,
 * `@requiresScopes`): right, for a gateway used alone. Ours enforces them itself, so every
 * loader of the supergraph drops the `for: SECURITY` purpose of exactly those two links (the
 * directives stay on the fields); any other SECURITY feature is still refused.
 */
export function acceptEnforcedSecurityFeatures(supergraphSdl: string): string {
  return supergraphSdl.replace(LINK, (link, url: string) =>
    ENFORCED_SECURITY_FEATURES.some((prefix) => url.startsWith(prefix)) ? `@link(url: "${url}")` : link);
}

/** The authorization features {@link authorizingGateway} enforces itself. */
export const ENFORCED_SECURITY_FEATURES = ['https://specs.apollo.dev/authenticated/', 'https://specs.apollo.dev/requiresScopes/'] as const;

const LINK = /@link\(\s*url:\s*"([^"]+)"\s*,\s*for:\s*SECURITY\s*\)/g;

/**
 * @apollo/gateway refuses a supergraph whose `@link(..., for: SECURITY)` features it cannot
 * enforce (`@authenticated`, `@requiresScopes`): right, for a gateway used alone. Ours
 * enforces them in {@link authorizingGateway}, so the gateway's copy of the SDL drops the
 * `for: SECURITY` purpose of exactly those two links (the directives stay on the fields).
 * Every supergraph given to the ApolloGateway behind an authorizingGateway (including
 * hot-reloaded ones) must pass through here; any other SECURITY feature is still refused.
 */
export function acceptEnforcedSecurityFeatures(supergraphSdl: string): string {
  return supergraphSdl.replace(LINK, (link, url: string) =>
    ENFORCED_SECURITY_FEATURES.some((prefix) => url.startsWith(prefix)) ? `@link(url: "${url}")` : link);
}

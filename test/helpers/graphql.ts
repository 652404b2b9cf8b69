/** The parts of a GraphQL response the tests look at. */
export interface GraphQLResponse<D = any> {
  status: number;
  body: { data?: D; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
  text: string;
}

/** POSTs a GraphQL request as a storefront would. */
export async function gql<D = any>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<D>> {
  return postRaw(url, JSON.stringify({ query, variables }), headers);
}

/** POSTs a raw body (malformed JSON, oversize payloads). */
export async function postRaw(url: string, body: string, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let parsed: GraphQLResponse['body'];
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = {};
  }
  return { status: response.status, body: parsed, text };
}

/** The `extensions.code` of every error, in order. */
export const errorCodes = (response: GraphQLResponse) => (response.body.errors ?? []).map((e) => e.extensions?.code);

/** True when the raw response leaks a stack trace or internal frames. */
export const leaksStack = (response: GraphQLResponse) => /stacktrace|\n\s+at |node_modules|\.ts:\d+/.test(response.text);

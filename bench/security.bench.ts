// npm run bench -- security — what authentication, authorization, limits and call signing
// cost per request, as a share of a whole product-page request through the gateway
// (three subgraphs, embedded PGlite) measured in the same run.
import { readFileSync } from 'node:fs';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { Kind, parse, buildASTSchema, validate, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { createAuthorizer, mintDevToken, signCall, verifyCall } from '../lib/auth/index.js';
import { createPgliteDb } from '../lib/db/index.js';
import { DEFAULT_LIMITS } from '../lib/config/index.js';
import { actualCost, queryCost, readCostModel } from '../lib/limits/index.js';
import { createLogger } from '../lib/logging/index.js';
import { fromRoot } from '../lib/paths.js';
import { seedSampleStore } from '../stack/sampleStore.js';
import { startStack } from '../stack/embeddedStack.js';
import { devStackSecurity } from '../stack/stackSecurity.js';

const PAGE = `query ProductPage($id: ID!) { product(id: $id) { id name brand category { name ancestors { name } }
  price { amount currency list { amount } onSale } stock { available reserved inStock warehouses { warehouse { name } onHand } } } }`;

/** Mean microseconds per call of `fn`, after a warm-up, over at least `ms` milliseconds. */
async function measure(fn: () => unknown, ms = 1500): Promise<number> {
  for (let i = 0; i < 200; i++) await fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 50; i++) await fn();
    n += 50;
  }
  return ((performance.now() - start) * 1000) / n;
}

const db = await createPgliteDb();
const security = devStackSecurity();
const stack = await startStack({ db, logger: createLogger({ level: 'silent', service: 'bench' }), gatewayPort: 0, security });
await seedSampleStore(db, { products: 200 });
const { auth } = security;
const token = await mintDevToken({ secret: auth.sharedSecret!, issuer: auth.issuer, audience: auth.audience, roles: ['admin'] });
const body = JSON.stringify({ query: PAGE, variables: { id: 'p-7' }, operationName: 'ProductPage' });
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

const request = await measure(async () => {
  const res = await fetch(stack.gateway.url, { method: 'POST', headers, body });
  await res.text();
}, 3000);
const pageData = ((await (await fetch(stack.gateway.url, { method: 'POST', headers, body })).json()) as { data: unknown }).data;

const supergraph = readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8');
const authorizer = createAuthorizer(supergraph);
const costModel = readCostModel(supergraph);
const schema = buildASTSchema(parse(supergraph), { assumeValidSDL: true });
const document = parse(PAGE);
const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
const fragments = new Map<string, FragmentDefinitionNode>();
const anonymous = await security.authenticator.authenticate(undefined);
const admin = await security.authenticator.authenticate(token);
const call = { audience: 'catalog', requestId: 'r', identity: admin, query: 'query { _entities { id } }', variables: { representations: [{ __typename: 'Product', id: 'p-7' }] } };
const armorRules = [maxDepthRule({ n: 10 }), maxAliasesRule({ n: 15 }), maxDirectivesRule({ n: 20 })];
const callBody = JSON.parse(JSON.stringify({ query: call.query, variables: call.variables }));

const parts: [string, number][] = [
  ['authenticate (HS256 JWT)', await measure(() => security.authenticator.authenticate(token))],
  ['authorize, nothing removed (admin)', await measure(() => authorizer.authorize(document, 'ProductPage', admin))],
  ['authorize, fields removed (anonymous)', await measure(() => authorizer.authorize(document, 'ProductPage', anonymous))],
  ['query cost (@cost/@listSize)', await measure(() => queryCost(schema, operation, fragments, { id: 'p-7' }, { ...DEFAULT_LIMITS, model: costModel }))],
  ['actual cost of the answer', await measure(() => actualCost(schema, operation, fragments, pageData, { model: costModel }))],
  ['depth, aliases, directives (graphql-armor)', await measure(() => validate(schema, document, armorRules))],
  ['sign + verify 3 subgraph calls', await measure(() => {
    for (let i = 0; i < 3; i++) verifyCall(security.signingKey, signCall(security.signingKey, call), 'r', callBody, { maxAgeMs: 30_000, audience: 'catalog' });
  })],
];
await stack.close();
await db.close();

process.stdout.write(`baseline: product-page request through the gateway, mean ${request.toFixed(0)} µs (1.00)\n`);
for (const [name, us] of parts) process.stdout.write(`${name.padEnd(44)} ${(us / request).toFixed(4)} of a request (${us.toFixed(1)} µs)\n`);

// npm run graphiql:build (also run by `npm install`): bundles the offline GraphiQL into .data/graphiql.
import { buildGraphiql, GRAPHIQL_DIR } from '../gateway/graphiql/buildGraphiql.js';

try {
  await buildGraphiql();
  process.stdout.write(`graphiql: built into ${GRAPHIQL_DIR.replace(process.cwd() + '/', '')}\n`);
} catch (error) {
  // Without dev dependencies (a production install) there is nothing to build: /graphiql is off there anyway.
  process.stderr.write(`graphiql: not built (${(error as Error).message.split('\n')[0]})\n`);
}

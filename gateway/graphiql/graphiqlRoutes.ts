import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { GRAPHIQL_DIR, graphiqlBuilt } from './buildGraphiql.js';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

const FILES: Readonly<Record<string, [file: string, type: string]>> = {
  '/graphiql': ['index.html', 'text/html; charset=utf-8'],
  '/graphiql/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/graphiql/app.css': ['app.css', 'text/css; charset=utf-8'],
};

/**
 * The offline GraphiQL's routes: the page and its bundle, read once from .data/graphiql (built
 * by `npm install` or `npm run graphiql:build`). Not built → 503 with the command that builds it.
 */
export function graphiqlRoutes(): Record<string, Route> {
  const cache = new Map<string, Buffer>();
  return Object.fromEntries(Object.entries(FILES).map(([route, [file, type]]) => [route, (_req: IncomingMessage, res: ServerResponse) => {
    if (!graphiqlBuilt()) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('GraphiQL is not built: run `npm run graphiql:build`\n');
      return;
    }
    let body = cache.get(file);
    if (!body) cache.set(file, (body = readFileSync(path.join(GRAPHIQL_DIR, file))));
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(body);
  }]));
}

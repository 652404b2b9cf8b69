import { createServer } from 'node:http';
import type { RouteHandler, RunningServer } from './graphqlHttpServer.js';
import { listen } from './listen.js';

/**
 * An HTTP server with only operational routes (`/healthz`, `/readyz`, `/metrics`), for a
 * process that serves no GraphQL (the outbox relay); any other path is 404.
 */
export async function startOpsServer(options: { port: number; host?: string; routes: Readonly<Record<string, RouteHandler>> }): Promise<RunningServer> {
  const httpServer = createServer((req, res) => {
    const route = options.routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (route) return void Promise.resolve(route(req, res)).catch(() => res.writableEnded || res.end());
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  });
  const listening = await listen(httpServer, options.port, options.host);
  return { url: `${listening.origin}/`, port: listening.port, httpServer, close: listening.close };
}

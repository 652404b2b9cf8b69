import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteHandler, RunningServer } from './graphqlHttpServer.js';

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
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    port,
    httpServer,
    close: () => new Promise<void>((resolve) => {
      httpServer.close(() => resolve());
      httpServer.closeIdleConnections();
    }),
  };
}

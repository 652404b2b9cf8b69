import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening node:http server: where to reach it, and how to stop it. */
export interface Listening {
  readonly port: number;
  /** `http://<host>:<port>`, with 127.0.0.1 for a wildcard or default host. */
  readonly origin: string;
  /** Stops accepting, ends idle keep-alive connections, and resolves once the server is closed. */
  close(): Promise<void>;
}

/** Starts `httpServer` on `port` (0: any free one) and `host` (default 127.0.0.1). */
export async function listen(httpServer: Server, port: number, host = '127.0.0.1'): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
  const bound = (httpServer.address() as AddressInfo).port;
  return {
    port: bound,
    origin: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound}`,
    close: () => new Promise<void>((resolve) => {
      httpServer.close(() => resolve());
      httpServer.closeIdleConnections();
    }),
  };
}

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP proxy in front of a subgraph that holds every request until released. */
export interface HoldingProxy {
  readonly url: string;
  /** Requests received and not yet forwarded. */
  readonly held: number;
  /** Forwards the held requests and every later one without waiting. */
  release(): void;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** Starts a proxy on a free port forwarding POSTs to `target` once {@link HoldingProxy.release} is called. */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  let held = 0;
  let released = false;
  let releaseAll!: () => void;
  const gate = new Promise<void>((resolve) => (releaseAll = resolve));
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (!released) {
        held += 1;
        await gate;
        held -= 1;
      }
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch((error: Error) => {
      res.writeHead(502);
      res.end(error.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get held() {
      return held;
    },
    release() {
      released = true;
      releaseAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// The client side of `npm run bench -- subscriptions`, in its own process so that the
// subscribers' sockets do not share the gateway's event loop. Driven over IPC by
// bench/subscriptions.bench.ts: opens N graphql-ws subscribers (or N raw WebSockets),
// timestamps every message and reports latencies from the publish time carried in eventId.
import { createClient, type Client } from 'graphql-ws/client';
import WebSocket from 'ws';

type Command =
  | { cmd: 'graphql-ws'; url: string; count: number; queries: string[] }
  | { cmd: 'raw'; url: string; count: number }
  | { cmd: 'report' }
  | { cmd: 'close' };

const now = () => performance.timeOrigin + performance.now();
let clients: Client[] = [];
let sockets: WebSocket[] = [];
let latencies: number[] = [];
let sample: string | undefined;
let expected = 0;
const received = new Map<string, { count: number; last: number }>();

/** eventId is `e<seq>@<publish time in ms since the epoch>`. */
function record(eventId: string) {
  const at = now();
  latencies.push(at - Number(eventId.slice(eventId.indexOf('@') + 1)));
  const entry = received.get(eventId) ?? { count: 0, last: 0 };
  entry.count++;
  entry.last = at;
  received.set(eventId, entry);
  if (entry.count === expected) process.send!({ delivered: eventId, lastMs: at - Number(eventId.slice(eventId.indexOf('@') + 1)) });
}

async function inBatches(count: number, open: (i: number) => Promise<void>) {
  const batch = 250;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => open(i + j)));
  }
}

process.on('message', async (message: Command) => {
  switch (message.cmd) {
    case 'graphql-ws': {
      expected = message.count;
      await inBatches(message.count, (i) => {
        const client = createClient({ url: message.url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, keepAlive: 0 });
        clients.push(client);
        return new Promise<void>((resolve, reject) => {
          client.on('connected', (socket: unknown) => {
            (socket as WebSocket).on('message', (data) => {
              if (sample === undefined && String(data).includes('"next"')) sample = String(data);
            });
            resolve();
          });
          client.on('error', reject);
          client.subscribe(
            { query: message.queries[i % message.queries.length]! },
            { next: (result: any) => record(result.data.priceChanged.eventId), error: (e) => process.send!({ error: String(JSON.stringify(e)) }), complete: () => {} },
          );
        });
      });
      process.send!({ connected: message.count });
      return;
    }
    case 'raw': {
      expected = message.count;
      await inBatches(message.count, () => new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(message.url);
        sockets.push(socket);
        socket.on('message', (data) => record(JSON.parse(String(data)).payload.data.priceChanged.eventId));
        socket.once('open', () => resolve());
        socket.once('error', reject);
      }));
      process.send!({ connected: message.count });
      return;
    }
    case 'report': {
      const sorted = latencies.sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
      process.send!({ report: { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN, sample } });
      return;
    }
    case 'close': {
      await Promise.all(clients.map((c) => c.dispose()));
      for (const s of sockets) s.terminate();
      clients = [];
      sockets = [];
      latencies = [];
      received.clear();
      process.send!({ closed: true });
      return;
    }
    default:
      return;
  }
});
process.send!({ ready: true });

// The client side of `npm run bench -- subscriptions`, in its own process so that the
// subscribers' sockets do not share the gateway's event loop. Driven over IPC by
// bench/subscriptions.bench.ts: opens N subscribers over graphql-ws, SSE (the graphql-sse
// client) or multipart HTTP (a minimal reader of Apollo's format), or N raw WebSockets,
// timestamps every message and reports latencies from the publish time carried in eventId.
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { createClient, type Client } from 'graphql-ws/client';
import WebSocket from 'ws';

type Command =
  | { cmd: 'graphql-ws'; url: string; count: number; queries: string[] }
  | { cmd: 'sse' | 'multipart'; url: string; count: number; queries: string[] }
  | { cmd: 'raw'; url: string; count: number }
  | { cmd: 'report' }
  | { cmd: 'reset' }
  | { cmd: 'close' };

const now = () => performance.timeOrigin + performance.now();
let clients: Client[] = [];
let sseClients: SseClient[] = [];
let streams: AbortController[] = [];
let sockets: WebSocket[] = [];
let latencies: number[] = [];
let sample: string | undefined;
let expected = 0;
/** CPU used by this process since the last reset: what receiving and decoding costs the clients. */
let cpuFrom = process.cpuUsage();
const received = new Map<string, { count: number; first: number }>();

/** eventId is `e<seq>@<publish time in ms since the epoch>`. */
function record(eventId: string) {
  const at = now();
  const published = Number(eventId.slice(eventId.indexOf('@') + 1));
  latencies.push(at - published);
  let entry = received.get(eventId);
  if (!entry) received.set(eventId, (entry = { count: 0, first: at }));
  if (++entry.count === expected) process.send!({ delivered: eventId, firstMs: entry.first - published, lastMs: at - published });
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
    case 'sse': {
      expected = message.count;
      for (let i = 0; i < message.count; i++) {
        const client = createSseClient({ url: message.url, retryAttempts: 0 });
        sseClients.push(client);
        client.subscribe({ query: message.queries[i % message.queries.length]! }, {
          next: (result: any) => record(result.data.priceChanged.eventId), error: (e) => process.send!({ error: String(e) }), complete: () => {},
        });
      }
      process.send!({ connected: message.count });
      return;
    }
    case 'multipart': {
      expected = message.count;
      for (let i = 0; i < message.count; i++) {
        const controller = new AbortController();
        streams.push(controller);
        void readMultipart(message.url, message.queries[i % message.queries.length]!, controller.signal);
      }
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
      const cpu = process.cpuUsage(cpuFrom);
      process.send!({ report: { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN, sample, cpuUsPerDelivery: (cpu.user + cpu.system) / sorted.length } });
      return;
    }
    case 'reset': {
      cpuFrom = process.cpuUsage();
      latencies = [];
      received.clear();
      process.send!({ reset: true });
      return;
    }
    case 'close': {
      await Promise.all(clients.map((c) => c.dispose()));
      for (const c of sseClients) c.dispose();
      for (const s of streams) s.abort();
      for (const s of sockets) s.terminate();
      clients = [];
      sseClients = [];
      streams = [];
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
/** One multipart subscription (Apollo's protocol): every `{"payload": …}` part is a result; `{}` parts are heartbeats. */
async function readMultipart(url: string, query: string, signal: AbortSignal) {
  try {
    const response = await fetch(url, {
      method: 'POST', signal, body: JSON.stringify({ query }),
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0",application/json' },
    });
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffer += decoder.decode(read.value, { stream: true });
      // Apollo Client's way: a part is complete when the boundary after it has arrived.
      let end: number;
      while ((end = buffer.indexOf('\r\n--graphql')) >= 0) {
        const part = buffer.slice(0, end);
        buffer = buffer.slice(end + '\r\n--graphql'.length);
        const body = part.slice(part.indexOf('\r\n\r\n') + 4);
        if (body.startsWith('{"payload"')) record(JSON.parse(body).payload.data.priceChanged.eventId);
      }
    }
  } catch (error) {
    if (!signal.aborted) process.send!({ error: String(error) });
  }
}

process.send!({ ready: true });

import { createServer, type IncomingHttpHeaders } from 'node:http';
import { listen } from '../../../lib/http/listen.js';

/** One webhook request as received. */
export interface ReceivedWebhook {
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
  /** The status the inbox answered. */
  readonly status: number;
}

/**
 * A plain HTTP endpoint that records every webhook posted to it (for tests and local runs).
 * `answer` decides each request's status (default 200).
 */
export interface WebhookInbox {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** The status for the next requests, from the body and headers. */
  answer: (body: string, headers: IncomingHttpHeaders) => number;
  /** Resolves once `predicate` holds for what was received, or rejects after `timeoutMs`. */
  waitFor(predicate: (received: readonly ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookInbox(): Promise<WebhookInbox> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = inbox.answer(body, req.headers);
      received.push({ body, headers: req.headers, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? '[accepted]' : 'error');
    });
  });
  const listening = await listen(server, 0);
  const inbox: WebhookInbox = {
    url: `${listening.origin}/webhooks`,
    received,
    answer: () => 200,
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`webhook inbox: condition not met within ${timeoutMs} ms (${received.length} received)`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => {
      server.closeAllConnections();
      return listening.close();
    },
  };
  return inbox;
}

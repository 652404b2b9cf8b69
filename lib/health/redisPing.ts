import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * Sends `PING` (after `AUTH` when the URL has credentials) to Redis and resolves on `+PONG`.
 * A raw RESP exchange so health checks need no client library and hold no connection.
 */
export function redisPing(redisUrl: string, timeoutMs = 1000): Promise<void> {
  const url = new URL(redisUrl);
  const port = Number(url.port || 6379);
  const host = url.hostname || '127.0.0.1';
  const commands: string[][] = [];
  if (url.password) commands.push(url.username ? ['AUTH', decodeURIComponent(url.username), decodeURIComponent(url.password)] : ['AUTH', decodeURIComponent(url.password)]);
  commands.push(['PING']);
  const wire = commands.map((args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`).join('');

  return new Promise((resolve, reject) => {
    const socket: Socket = url.protocol === 'rediss:' ? connectTls({ host, port, servername: host }) : connectTcp({ host, port });
    let received = '';
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`Redis did not answer within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once(url.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(wire));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (received.startsWith('-')) return fail(new Error(`Redis refused: ${received.split('\r\n')[0]}`));
      if (received.includes('+PONG\r\n')) {
        socket.end();
        resolve();
      }
    });
  });
}

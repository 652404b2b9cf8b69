import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, prettyLogs } from './index.js';

const capture = () => {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
  return { stream, text: () => chunks.join('') };
};

describe('createLogger', () => {
  it('writes one JSON object per line by default, with the service', () => {
    const out = capture();
    createLogger({ level: 'info', service: 'test', destination: out.stream }).info({ productId: 'p-1' }, 'price set');
    const line = JSON.parse(out.text().trim());
    expect(line).toMatchObject({ level: 30, service: 'test', productId: 'p-1', msg: 'price set' });
  });

  it('writes human-readable lines when pretty, not JSON', () => {
    const out = capture();
    createLogger({ level: 'info', service: 'test', pretty: true, destination: out.stream }).warn({ productId: 'p-1' }, 'price set');
    const text = out.text();
    expect(text).toMatch(/WARN.*price set/);
    expect(text).toContain('productId: "p-1"');
    expect(() => JSON.parse(text.trim())).toThrow();
  });

  it('is never pretty in production, nor when stdout is not a terminal', () => {
    expect(prettyLogs('production')).toBe(false);
    expect(prettyLogs('development')).toBe(process.stdout.isTTY === true);
  });
});

import { describe, expect, it } from 'vitest';
import { redisPing } from './redisPing.js';

const redisUrl = () => {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run the tests with `npm test`, which starts Redis');
  return url;
};

describe('redisPing', () => {
  it('resolves when Redis answers PONG', async () => {
    await expect(redisPing(redisUrl())).resolves.toBeUndefined();
  });

  it('rejects when nothing listens', async () => {
    await expect(redisPing('redis://127.0.0.1:1', 500)).rejects.toThrow();
  });

  it('rejects when Redis refuses the credentials', async () => {
    const url = new URL(redisUrl());
    url.password = 'wrong-password';
    await expect(redisPing(url.toString(), 1000)).rejects.toThrow(/Redis refused/);
  });
});

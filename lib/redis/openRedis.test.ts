import { Cluster } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisClusterUrl, testRedisUrl } from '../../test/helpers/redis.js';
import { clusterNodes, isClusterUrl, masters, openRedis, slotPrefix } from './openRedis.js';

const clusterUrl = testRedisClusterUrl();

describe('openRedis', () => {
  const opened: { disconnect(): void }[] = [];
  afterAll(() => opened.forEach((c) => c.disconnect()));

  it('reads redis-cluster URLs: seed nodes and credentials', () => {
    expect(clusterNodes('redis-cluster://a:7000,b.example:7001')).toEqual({ nodes: [{ host: 'a', port: 7000 }, { host: 'b.example', port: 7001 }] });
    expect(clusterNodes('redis-cluster://app:s%40cret@10.0.0.1:6379')).toEqual({ nodes: [{ host: '10.0.0.1', port: 6379 }], username: 'app', password: 's@cret' });
    expect(() => clusterNodes('redis-cluster://nohost')).toThrow(/host:port/);
    expect(isClusterUrl('redis://127.0.0.1:6379')).toBe(false);
  });

  it('hash-tags prefixes on a cluster only', () => {
    expect(slotPrefix('redis://x:1', 'test:ab:', 'commerce')).toBe('test:ab:');
    expect(slotPrefix('redis-cluster://x:1', 'test:ab:', 'commerce')).toBe('{test:ab:}');
    expect(slotPrefix('redis-cluster://x:1', '', 'commerce')).toBe('{commerce}');
    expect(slotPrefix('redis-cluster://x:1', 'app:{tenant-1}:', 'commerce')).toBe('app:{tenant-1}:');
  });

  it('opens one server as before', async () => {
    const redis = openRedis(testRedisUrl());
    opened.push(redis);
    expect(redis).not.toBeInstanceOf(Cluster);
    expect(await redis.ping()).toBe('PONG');
  });

  it('opens a real three-master cluster, where keys of one command must share a slot', async () => {
    const url = await clusterUrl;
    const redis = openRedis(url);
    opened.push(redis);
    expect(redis).toBeInstanceOf(Cluster);
    await redis.ping();
    expect(masters(redis)).toHaveLength(3);
    // Without a hash tag, "a" and "b" hash to different slots: Redis refuses the command.
    await expect(redis.mget('a', 'b')).rejects.toThrow(/CROSSSLOT/);
    const prefix = slotPrefix(url, 'test:', 'commerce');
    await redis.set(`${prefix}a`, '1');
    expect(await redis.mget(`${prefix}a`, `${prefix}b`)).toEqual(['1', null]);
  });
});

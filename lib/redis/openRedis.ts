import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** A connection to one Redis or to a Redis Cluster: the commands this project uses work on both. */
export type RedisClient = Redis | Cluster;

const CLUSTER_SCHEME = 'redis-cluster:';

/** Whether `url` names a Redis Cluster (`redis-cluster://host:port[,host:port…]`, seed nodes). */
export const isClusterUrl = (url: string): boolean => url.startsWith(`${CLUSTER_SCHEME}//`);

/** The seed nodes of a `redis-cluster://[user:password@]host:port[,host:port…]` URL, and its credentials. */
export function clusterNodes(url: string): { nodes: { host: string; port: number }[]; username?: string; password?: string } {
  const rest = url.slice(`${CLUSTER_SCHEME}//`.length).replace(/\/.*$/, '');
  const at = rest.lastIndexOf('@');
  const [user, pass] = at >= 0 ? rest.slice(0, at).split(':').map(decodeURIComponent) : [];
  const nodes = (at >= 0 ? rest.slice(at + 1) : rest).split(',').filter(Boolean).map((hostPort) => {
    const colon = hostPort.lastIndexOf(':');
    const port = Number(hostPort.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`"${hostPort}" in a redis-cluster URL is not host:port`);
    return { host: hostPort.slice(0, colon), port };
  });
  if (nodes.length === 0) throw new Error('a redis-cluster URL names no node');
  return { nodes, ...(user ? { username: user } : {}), ...(pass ? { password: pass } : {}) };
}

/**
 * Opens `url`: `redis://` / `rediss://` for one server, `redis-cluster://` for a Redis Cluster
 * (ioredis `Cluster`, which finds every node from the seeds and follows slot moves).
 * `options` apply to every node's connection.
 */
export function openRedis(url: string, options: RedisOptions = {}): RedisClient {
  if (!isClusterUrl(url)) return new Redis(url, options);
  const { nodes, username, password } = clusterNodes(url);
  const { retryStrategy, enableOfflineQueue, lazyConnect, ...nodeOptions } = options;
  // The options that govern the whole client are the cluster's own; the rest apply to each node.
  const clusterOptions: ClusterOptions = {
    redisOptions: { ...nodeOptions, ...(username ? { username } : {}), ...(password ? { password } : {}) },
    ...(lazyConnect ? { lazyConnect: true } : {}),
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(retryStrategy ? { clusterRetryStrategy: (times: number) => retryStrategy(times) } : {}),
  };
  return new Cluster(nodes, clusterOptions);
}

/**
 * The key prefix to use on `url`. On a cluster, keys a command or script touches together must
 * share a hash slot: the prefix becomes a hash tag (`{…}`) unless it holds one, so every key of
 * one user (the event log's streams, the cache's entries and tags) lands in one slot. One server
 * takes the prefix as it is.
 */
export function slotPrefix(url: string, prefix: string, fallback: string): string {
  if (!isClusterUrl(url) || /\{[^}]+\}/.test(prefix)) return prefix;
  return `{${prefix || fallback}}`;
}

/** Every master of `client` (the one server itself when it is not a cluster): SCAN must visit each. */
export const masters = (client: RedisClient): Redis[] => (client instanceof Cluster ? client.nodes('master') : [client]);

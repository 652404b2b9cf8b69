import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SupergraphManager, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import type { Logger } from '../lib/logging/index.js';
import { apiSchemaOf, schemaHash } from '../lib/supergraph/index.js';

/** Options for {@link createFileSupergraphSource}. */
export interface FileSupergraphSourceOptions {
  /** The supergraph SDL file (`SUPERGRAPH_PATH`). */
  readonly path: string;
  readonly logger: Logger;
  /** Reload when the file (or anything in its folder, e.g. a Kubernetes ConfigMap swap) changes. @default true */
  readonly watch?: boolean;
  /** Quiet period after the last file event before reloading; editors and `cp` write in steps. @default 100 ms */
  readonly debounceMs?: number;
  /** Signal that reloads the file; null for none. @default 'SIGHUP' */
  readonly signal?: NodeJS.Signals | null;
}

/** The outcome of one {@link SupergraphSource.reload}. */
export type ReloadResult =
  | { readonly status: 'updated'; readonly hash: string; readonly previousHash: string }
  | { readonly status: 'unchanged'; readonly hash: string }
  | { readonly status: 'refused'; readonly hash: string; readonly error: string };

/**
 * A supergraph read from a file that @apollo/gateway hot-reloads (its `SupergraphManager`
 * interface): a new file replaces the schema for the next requests while requests in
 * flight finish on the old query plans; a file that does not load is refused and the
 * schema in use stays.
 */
export interface SupergraphSource extends SupergraphManager {
  /** Hash of the supergraph in use (lib/supergraph `schemaHash`); undefined until the gateway has loaded it. */
  readonly schemaHash: string | undefined;
  /** Counters for metrics: files applied (the first load included) and files refused. */
  readonly stats: { readonly loaded: number; readonly refused: number };
  /** Re-reads the file now. Reloads are serialized; resolves once this one is applied or refused. */
  reload(): Promise<ReloadResult>;
}

/** A {@link SupergraphSource} over the file at `options.path`, watched and reloaded on SIGHUP. */
export function createFileSupergraphSource(options: FileSupergraphSourceOptions): SupergraphSource {
  const file = path.resolve(options.path);
  const logger = options.logger.child({ component: 'supergraph', path: file });
  const debounceMs = options.debounceMs ?? 100;
  const signal = options.signal === undefined ? 'SIGHUP' : options.signal;
  let update: SupergraphSdlUpdateFunction | undefined;
  let current: string | undefined;
  let lastRefused: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const stats = { loaded: 0, refused: 0 };

  const apply = async (fromWatch: boolean): Promise<ReloadResult> => {
    let sdl: string;
    try {
      sdl = await readFile(file, 'utf8');
    } catch (error) {
      return refuse(undefined, error);
    }
    const hash = schemaHash(sdl);
    if (hash === current) {
      if (!fromWatch) logger.info({ schemaHash: hash }, 'supergraph unchanged');
      return { status: 'unchanged', hash };
    }
    // A file event with the content refused last time: refused again, without another log line.
    if (fromWatch && hash === lastRefused) return { status: 'refused', hash, error: 'refused before' };
    try {
      apiSchemaOf(sdl); // refuse a file that is not a valid supergraph before the gateway sees it
      if (!update) throw new Error('the gateway has not loaded a supergraph yet');
      update(sdl);
    } catch (error) {
      return refuse(hash, error);
    }
    const previousHash = current ?? '';
    current = hash;
    lastRefused = undefined;
    stats.loaded += 1;
    logger.info({ schemaHash: hash, previousSchemaHash: previousHash }, 'supergraph reloaded');
    return { status: 'updated', hash, previousHash };
  };

  const refuse = (hash: string | undefined, error: unknown): ReloadResult => {
    stats.refused += 1;
    if (hash) lastRefused = hash;
    const message = (error as Error).message?.split('\n')[0] ?? String(error);
    logger.error({ refusedSchemaHash: hash, schemaHash: current, reason: message }, 'supergraph refused; keeping the schema in use');
    return { status: 'refused', hash: hash ?? '', error: message };
  };

  const enqueue = (fromWatch: boolean): Promise<ReloadResult> => {
    const next = queue.then(() => apply(fromWatch));
    queue = next.catch(() => undefined);
    return next;
  };
  const reload = () => enqueue(false);
  const watched = path.basename(file);

  return {
    get schemaHash() {
      return current;
    },
    stats,
    reload,
    async initialize(hooks) {
      const supergraphSdl = await readFile(file, 'utf8');
      update = hooks.update;
      current = schemaHash(supergraphSdl);
      stats.loaded += 1;
      logger.info({ schemaHash: current }, 'supergraph loaded');

      let timer: NodeJS.Timeout | undefined;
      let watcher: FSWatcher | undefined;
      if (options.watch ?? true) {
        // Watch the folder, not the file: editors and deploys replace the file by renaming it
        // into place, and a Kubernetes ConfigMap swaps its `..data` symlink.
        watcher = watch(path.dirname(file), (_event, name) => {
          if (name && name !== watched && !name.startsWith('..')) return;
          clearTimeout(timer);
          timer = setTimeout(() => void enqueue(true), debounceMs);
        });
        watcher.on('error', (error) => logger.warn({ err: error }, 'supergraph file watch failed; reload with SIGHUP'));
      }
      const onSignal = () => void reload();
      if (signal) process.on(signal, onSignal);
      return {
        supergraphSdl,
        cleanup: async () => {
          clearTimeout(timer);
          watcher?.close();
          if (signal) process.off(signal, onSignal);
          await queue;
          update = undefined;
        },
      };
    },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError, parse, print, type DocumentNode, type FormattedExecutionResult } from 'graphql';
import { planDefer, withoutDefer, type DeferredPart } from './planDefer.js';

/** One operation as the HTTP request's caller would run it: the whole pipeline (limits, authorization, subgraphs). */
export type RunOperation = (req: IncomingMessage, operation: { query: string; variables: Record<string, unknown>; operationName?: string }) =>
  Promise<{ status: number; result: FormattedExecutionResult }>;

/** Options for {@link createDeferredResponses}. */
export interface DeferredResponsesOptions {
  readonly run: RunOperation;
  /** `MAX_QUERY_TOKENS`. */
  readonly maxTokens?: number;
  /**
   * Checks the whole operation (every deferred fragment in) against the query limits before
   * any part runs, so splitting cannot evade them; returns the refusal.
   */
  readonly checkWhole?: (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>) => GraphQLError | undefined;
}

/** Apollo Client's and Apollo Router's incremental delivery over multipart HTTP. */
const CONTENT_TYPE = 'multipart/mixed;boundary="graphql";deferSpec=20220824';
const part = (json: string) => `content-type: application/json; charset=utf-8\r\n\r\n${json}\r\n--graphql`;

/** The client reads incremental delivery (`Accept: multipart/mixed;deferSpec=20220824`). */
export const acceptsDefer = (accept: string | undefined): boolean => !!accept && /multipart\/mixed/i.test(accept) && /deferSpec=20220824/i.test(accept);

type Path = readonly (string | number)[];

/** Every non-null object at `path` in `data`, lists expanded, with its full path (indices included). */
function objectsAt(data: unknown, path: readonly string[]): { path: Path; value: Record<string, unknown> }[] {
  let found: { path: Path; value: unknown }[] = [{ path: [], value: data }];
  const expand = (entry: { path: Path; value: unknown }): { path: Path; value: unknown }[] =>
    Array.isArray(entry.value) ? entry.value.flatMap((v, i) => expand({ path: [...entry.path, i], value: v })) : [entry];
  for (const key of path) {
    found = found.flatMap((entry) => {
      const value = (entry.value as Record<string, unknown> | null | undefined)?.[key];
      return value === null || value === undefined ? [] : expand({ path: [...entry.path, key], value });
    });
  }
  return found.filter((e): e is { path: Path; value: Record<string, unknown> } => e.value !== null && typeof e.value === 'object' && !Array.isArray(e.value));
}

/**
 * `@defer` on the gateway. @apollo/gateway executes no `@defer`, so an operation with deferred
 * fragments runs as several operations through the ordinary pipeline (planDefer): the one
 * without them answers first, then each deferred fragment's as it completes, merged at its
 * path as an incremental payload. The parts are separate fetches: data that changes between
 * them may disagree (a deferred list item can be missing). A client that does not accept
 * multipart gets the whole answer at once.
 */
export function createDeferredResponses(options: DeferredResponsesOptions) {
  return {
    /** Serves `req` when its operation defers something; false leaves it to the HTTP handler. */
    async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<boolean> {
      if (req.method !== 'POST' || !body || typeof body !== 'object' || Array.isArray(body)) return false;
      const { query, variables: sent, operationName: name } = body as { query?: unknown; variables?: unknown; operationName?: unknown };
      if (typeof query !== 'string' || !query.includes('@defer')) return false;
      let document: DocumentNode;
      try {
        document = parse(query, options.maxTokens ? { maxTokens: options.maxTokens } : {});
      } catch {
        return false; // Apollo Server answers the parse error
      }
      const variables = sent && typeof sent === 'object' && !Array.isArray(sent) ? (sent as Record<string, unknown>) : {};
      const operationName = typeof name === 'string' ? name : undefined;
      const plan = planDefer(document, operationName, variables);
      if (!plan) return false;

      const answer = (status: number, result: FormattedExecutionResult) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(result));
      };
      const refusal = options.checkWhole?.(withoutDefer(document), operationName, variables);
      if (refusal) {
        answer((refusal.extensions.http as { status?: number } | undefined)?.status ?? 400, { errors: [refusal.toJSON()] });
        return true;
      }
      const run = (doc: DocumentNode) => options.run(req, { query: print(doc), variables, ...(operationName ? { operationName } : {}) });
      if (!acceptsDefer(req.headers.accept)) {
        const whole = await run(withoutDefer(document));
        answer(whole.status, whole.result);
        return true;
      }

      const initial = await run(plan.initial);
      if (initial.status >= 400 || !initial.result.data) {
        answer(initial.status, initial.result);
        return true;
      }
      res.writeHead(200, { 'content-type': CONTENT_TYPE, 'cache-control': 'no-cache' });
      res.write(`\r\n--graphql\r\n${part(JSON.stringify({ ...initial.result, hasNext: true }))}`);
      let pending = plan.deferred.length;
      const delivered = (deferredPart: DeferredPart, result: FormattedExecutionResult) => {
        // Only where the first answer has the object: a fragment of a null parent is not delivered.
        const present = new Set(objectsAt(initial.result.data, deferredPart.path).map((o) => JSON.stringify(o.path)));
        const items = objectsAt(result.data, deferredPart.path)
          .filter((o) => present.has(JSON.stringify(o.path)))
          .map((o) => ({ data: o.value, path: o.path, ...(deferredPart.label !== undefined ? { label: deferredPart.label } : {}) }));
        if (result.errors?.length) {
          if (items[0]) Object.assign(items[0], { errors: result.errors });
          else items.push({ data: null as never, path: deferredPart.path, ...(deferredPart.label !== undefined ? { label: deferredPart.label } : {}), errors: result.errors } as never);
        }
        pending--;
        res.write(`\r\n${part(JSON.stringify({ incremental: items, hasNext: pending > 0 }))}${pending > 0 ? '' : '--\r\n'}`);
      };
      await Promise.all(plan.deferred.map(async (d) => {
        try {
          delivered(d, (await run(d.document)).result);
        } catch {
          delivered(d, { errors: [{ message: 'The deferred part could not be fetched', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        }
      }));
      res.end();
      return true;
    },
  };
}

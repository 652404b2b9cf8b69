/**
 * What the subgraph answers of one incoming request were made of, keyed by its context object:
 * the tags of every cached or cacheable answer, and whether every answer was cacheable. The
 * response cache stores a whole response only when `complete` is still true.
 */
export interface RequestTags {
  readonly tags: Set<string>;
  complete: boolean;
}

const byContext = new WeakMap<object, RequestTags>();

/** The record of `context`, created on first use. */
export function requestTags(context: object): RequestTags {
  let found = byContext.get(context);
  if (!found) byContext.set(context, (found = { tags: new Set(), complete: true }));
  return found;
}

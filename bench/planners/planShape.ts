// Normalizes a query plan from @apollo/query-planner or from The Guild's Rust planner
// (@graphql-hive/router-query-planner) into one comparable form: the plan's shape
// (sequence / parallel / flatten / fetch) and its fetches, each with its subgraph, its flatten
// path and its selection printed canonically (fields sorted, operation name, variable
// definitions and whitespace dropped). Both plan formats share the node kinds; they differ in
// flatten paths (Apollo: `['product', '@']`; Rust: `[{ Field: 'product' }, '@']`) and in how the
// fetch operation is printed.
import { Kind, parse, print, type DocumentNode, type SelectionNode, type SelectionSetNode } from 'graphql';

/** The plan node fields both formats share (anything else is ignored). */
export interface AnyPlanNode {
  kind: string;
  serviceName?: string;
  operation?: string;
  /** Rust planner's BatchFetch: one request with one aliased `_entities` per alias, each over several paths. */
  entityBatch?: { aliases: { alias: string; paths: unknown[][] }[] };
  path?: unknown[];
  node?: AnyPlanNode;
  nodes?: AnyPlanNode[];
  primary?: AnyPlanNode | { node?: AnyPlanNode };
  rest?: AnyPlanNode;
  deferred?: { node?: AnyPlanNode }[];
  condition?: string;
  ifClause?: AnyPlanNode;
  elseClause?: AnyPlanNode;
}

export interface PlanFetch {
  subgraph: string;
  /** Flatten path joined with dots ('' for a root fetch). */
  path: string;
  selection: string;
}

export interface PlanSummary {
  /** e.g. `Seq(catalog, Par(Flat(product: inventory), Flat(product: pricing)))`. */
  shape: string;
  /** Logical fetches: a BatchFetch counts once per alias and path, as the Apollo plan would have one Flatten+Fetch each. */
  fetches: PlanFetch[];
  /** Subgraph requests the plan makes (fetch nodes; a BatchFetch is one). */
  requests: number;
}

function pathSegment(segment: unknown): string {
  if (typeof segment === 'string') return segment;
  if (segment && typeof segment === 'object') {
    const s = segment as { Field?: string; TypeCondition?: string[] };
    if (s.Field !== undefined) return s.Field;
    if (s.TypeCondition !== undefined) return `|[${s.TypeCondition.join(',')}]`;
  }
  return String(segment);
}

type Fragments = Map<string, { typeCondition: string; selectionSet: SelectionSetNode }>;
type WithSet = Exclude<SelectionNode, { kind: Kind.FRAGMENT_SPREAD }>;
const setOf = (s: SelectionNode): SelectionSetNode | undefined => (s.kind === Kind.FRAGMENT_SPREAD ? undefined : s.selectionSet);

/**
 * Named fragment spreads expanded into their fields (both planners factor repeated selections
 * into fragments of their own naming), fields with the same response key, arguments and
 * directives merged, arguments sorted by name, selections sorted.
 */
function canonicalSelectionSet(set: SelectionSetNode, fragments: Fragments): SelectionSetNode {
  const flat: WithSet[] = [];
  const expand = (selections: readonly SelectionNode[], fragmentType?: string) => {
    for (const s of selections) {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(s.name.value);
        if (!fragment) throw new Error(`unknown fragment ${s.name.value}`);
        expand(fragment.selectionSet.selections, fragment.typeCondition);
      } else if (s.kind === Kind.INLINE_FRAGMENT && fragmentType !== undefined && s.typeCondition?.name.value === fragmentType && !s.directives?.length) {
        // `fragment a on Money { ... on Money { … } }` (the Rust planner writes these): the same as its fields.
        expand(s.selectionSet.selections, fragmentType);
      } else flat.push(s);
    }
  };
  expand(set.selections);
  const merged = new Map<string, WithSet>();
  for (const s of flat) {
    const sorted: WithSet = s.kind === Kind.FIELD ? { ...s, arguments: [...(s.arguments ?? [])].sort((a, b) => (a.name.value < b.name.value ? -1 : 1)) } : s;
    const head = print({ ...sorted, selectionSet: undefined } as unknown as SelectionNode);
    const previous = merged.get(head);
    const previousSet = previous && setOf(previous);
    const sortedSet = setOf(sorted);
    if (previous && previousSet && sortedSet) {
      merged.set(head, { ...previous, selectionSet: { ...previousSet, selections: [...previousSet.selections, ...sortedSet.selections] } } as WithSet);
    } else if (!previous) merged.set(head, sorted);
  }
  const selections = [...merged.values()].map((s): SelectionNode => {
    const inner = setOf(s);
    return inner ? ({ ...s, selectionSet: canonicalSelectionSet(inner, fragments) } as SelectionNode) : s;
  });
  const key = (s: SelectionNode) => print(s);
  return { ...set, selections: selections.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) };
}

/** The fetch operation's selection, canonically printed: fragments expanded, arguments and fields sorted at every level, no operation name or variable definitions. */
export function canonicalSelection(operation: string): string {
  const document: DocumentNode = parse(operation);
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) throw new Error('fetch without an operation');
  const fragments: Fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, { typeCondition: d.typeCondition.name.value, selectionSet: d.selectionSet }] as const] : [])));
  return `${op.operation} ${print(canonicalSelectionSet(op.selectionSet, fragments))}`.replace(/\s+/g, ' ');
}

/** Summarizes a plan (`{ kind: 'QueryPlan', node }` of either planner). */
export function summarizePlan(plan: { node?: AnyPlanNode | undefined }): PlanSummary {
  const fetches: PlanFetch[] = [];
  let requests = 0;
  const walk = (node: AnyPlanNode | undefined, path: string): string => {
    if (!node) return '∅';
    switch (node.kind) {
      case 'BatchFetch': {
        requests++;
        const document = parse(node.operation ?? '');
        const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
        const parts: string[] = [];
        for (const { alias, paths } of node.entityBatch?.aliases ?? []) {
          const field = op && op.kind === Kind.OPERATION_DEFINITION ? op.selectionSet.selections.find((f) => f.kind === Kind.FIELD && (f.alias ?? f.name).value === alias) : undefined;
          const body = field && field.kind === Kind.FIELD && field.selectionSet ? print(field.selectionSet) : '{}';
          const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => print(d)).join(' ');
          const selection = canonicalSelection(`query { _entities(representations: $representations) ${body} } ${fragments}`);
          for (const p of paths) fetches.push({ subgraph: node.serviceName ?? '?', path: p.map(pathSegment).join('.'), selection });
          parts.push(`${paths.length} paths`);
        }
        return `Batch(${node.serviceName}: ${parts.join(' + ')})`;
      }
      case undefined as unknown as string: // the Rust planner's Subscription.primary has no kind
      case 'Fetch':
        requests++;
        fetches.push({ subgraph: node.serviceName ?? '?', path, selection: canonicalSelection(node.operation ?? '') });
        return node.serviceName ?? '?';
      case 'Flatten': {
        const p = (node.path ?? []).map(pathSegment).join('.');
        return `Flat(${p}: ${walk(node.node, p)})`;
      }
      case 'Sequence':
        return `Seq(${(node.nodes ?? []).map((n) => walk(n, path)).join(', ')})`;
      case 'Parallel':
        return `Par(${(node.nodes ?? []).map((n) => walk(n, path)).join(', ')})`;
      case 'Condition':
        return `Cond(${node.condition}: ${walk(node.ifClause, path)} | ${walk(node.elseClause, path)})`;
      case 'Subscription':
        return `Sub(${walk(node.primary as AnyPlanNode, path)}${node.rest ? `, ${walk(node.rest, path)}` : ''})`;
      case 'Defer': {
        const primary = node.primary as { node?: AnyPlanNode } | undefined;
        return `Defer(${walk(primary?.node, path)}; ${(node.deferred ?? []).map((d) => walk(d.node, path)).join(', ')})`;
      }
      default:
        return `?${node.kind}`;
    }
  };
  const shape = walk(plan.node, '');
  return { shape, fetches, requests };
}

/** Whether two plans fetch the same subgraphs, at the same paths, with the same selections (order of fetches ignored); the differences otherwise. */
export function comparePlans(a: PlanSummary, b: PlanSummary): { same: boolean; onlyInA: PlanFetch[]; onlyInB: PlanFetch[] } {
  const key = (f: PlanFetch) => `${f.subgraph}|${f.path}|${f.selection}`;
  const count = (fs: PlanFetch[]) => fs.reduce((m, f) => m.set(key(f), (m.get(key(f)) ?? 0) + 1), new Map<string, number>());
  const ca = count(a.fetches);
  const cb = count(b.fetches);
  const onlyInA = a.fetches.filter((f) => (cb.get(key(f)) ?? 0) < (ca.get(key(f)) ?? 0));
  const onlyInB = b.fetches.filter((f) => (ca.get(key(f)) ?? 0) < (cb.get(key(f)) ?? 0));
  return { same: onlyInA.length === 0 && onlyInB.length === 0, onlyInA, onlyInB };
}

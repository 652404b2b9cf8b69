import {
  Kind, parse, print, stripIgnoredCharacters, visit,
  type ArgumentNode, type DocumentNode, type FieldNode, type InlineFragmentNode, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';
import { printedArguments } from './requiredArguments.js';

/** Plan nodes as @apollo/query-planner 2.14 builds them (the parts this reads and writes). */
interface RequiresField { readonly kind: 'Field'; readonly name: string; readonly alias?: string; readonly selections?: readonly RequiresSelection[] }
interface RequiresFragment { readonly kind: 'InlineFragment'; readonly typeCondition?: string; readonly selections: readonly RequiresSelection[] }
type RequiresSelection = RequiresField | RequiresFragment;
interface KeyRenamer { readonly kind: 'KeyRenamer'; readonly path: readonly string[]; readonly renameKeyTo: string }
interface FetchNode {
  readonly kind: 'Fetch';
  readonly serviceName: string;
  readonly requires?: readonly RequiresSelection[];
  readonly variableUsages: readonly string[];
  readonly operation: string;
  readonly inputRewrites?: readonly unknown[];
  readonly operationDocumentNode?: DocumentNode;
  readonly [other: string]: unknown;
}
interface FlattenNode { readonly kind: 'Flatten'; readonly path: readonly (string | number)[]; readonly node: PlanNode }
type PlanNode = FetchNode | FlattenNode | { readonly kind: 'Sequence' | 'Parallel'; readonly nodes: readonly PlanNode[] } | { readonly kind: string; readonly [other: string]: unknown };

/** type -> subgraph -> requiring field -> required leaf field -> its arguments (printed) and nodes. */
export type Requirements = ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, Required>>>>;
interface Required { readonly printed: string; readonly args: readonly ArgumentNode[] }

/**
 * The `@requires` of a supergraph that select a leaf field with arguments directly on the entity
 * (`shippingEstimate @requires(fields: "price(currency: \"USD\") weight")`), by type, subgraph and
 * requiring field. `supergraph` is the supergraph's AST.
 */
export function requirementsOf(supergraph: DocumentNode): Requirements {
  const graphs = new Map<string, string>(); // join__Graph value -> subgraph name
  const byType = new Map<string, Map<string, Map<string, Map<string, Required>>>>();
  for (const definition of supergraph.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const name = value.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'name')?.value;
        if (name?.kind === Kind.STRING) graphs.set(value.name.value, name.value);
      }
    }
  }
  for (const definition of supergraph.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        if (directive.name.value !== 'join__field') continue;
        const requires = directive.arguments?.find((a) => a.name.value === 'requires')?.value;
        const graph = directive.arguments?.find((a) => a.name.value === 'graph')?.value;
        const subgraph = graph?.kind === Kind.ENUM ? graphs.get(graph.value) : undefined;
        if (requires?.kind !== Kind.STRING || !subgraph) continue;
        const leaves = new Map<string, Required>();
        for (const selection of (parse(`{ ${requires.value} }`).definitions[0] as OperationDefinitionNode).selectionSet.selections) {
          if (selection.kind === Kind.FIELD && !selection.selectionSet && selection.arguments?.length) {
            leaves.set(selection.name.value, { printed: printedArguments(selection.arguments), args: selection.arguments });
          }
        }
        if (leaves.size === 0) continue;
        let bySubgraph = byType.get(definition.name.value);
        if (!bySubgraph) byType.set(definition.name.value, (bySubgraph = new Map()));
        let byField = bySubgraph.get(subgraph);
        if (!byField) bySubgraph.set(subgraph, (byField = new Map()));
        byField.set(field.name.value, leaves);
      }
    }
  }
  return byType;
}

/**
 * @apollo/query-planner (2.14) merges what two `@requires` of one entity need from the same field
 * with different arguments (`price(currency: "USD")` for one, `price(currency: "EUR")` for the
 * other) into one fetch of one of them, and sends that one value to both requiring fields. This
 * rewrites such a plan: the fetch that provides the kept value also fetches each other one under
 * an alias, and the requiring fetch is split in parallel fetches, one per value, each sending its
 * value under the field's name (an input `KeyRenamer`). Handles leaf fields required directly on
 * the entity, provided by an earlier fetch of the same sequence; other plans are returned as they were.
 */
export function separateConflictingRequirements<P>(plan: P, requirements: Requirements): P {
  if (requirements.size === 0) return plan;
  const root = (plan as { node?: PlanNode }).node;
  if (!root) return plan;
  const node = rewrite(root, requirements, []);
  return node === root ? plan : { ...plan, node };
}

/** `earlier`: fetches before this node in its sequences (with their flatten paths), which may provide. */
function rewrite(node: PlanNode, requirements: Requirements, earlier: Provider[]): PlanNode {
  if (node.kind === 'Sequence' || node.kind === 'Parallel') {
    const { nodes } = node as { nodes: readonly PlanNode[] };
    const seen = [...earlier];
    let changed = false;
    const rewritten = nodes.map((child) => {
      const next = rewrite(child, requirements, node.kind === 'Sequence' ? seen : earlier);
      if (next !== child) changed = true;
      if (node.kind === 'Sequence') seen.push(...providersIn(next));
      return next;
    });
    // A provider rewritten later in the sequence (a new alias) replaces its node: rebuild from the providers.
    return changed ? { ...node, nodes: rewritten.map((n) => replacedProviders(n, seen)) } : node;
  }
  if (node.kind !== 'Flatten') return node;
  const inner = (node as FlattenNode).node;
  if (inner.kind !== 'Fetch' || !(inner as FetchNode).requires) return node;
  return splitRequiringFetch(node as FlattenNode, inner as FetchNode, requirements, earlier) ?? node;
}

/** A fetch that may provide fields, mutable so a later split can add an aliased field to it. */
interface Provider { original: FetchNode; fetch: FetchNode; readonly path: readonly (string | number)[] | undefined }

function providersIn(node: PlanNode): Provider[] {
  if (node.kind === 'Fetch') return [{ original: node as FetchNode, fetch: node as FetchNode, path: undefined }];
  if (node.kind === 'Flatten') {
    const { path, node: inner } = node as FlattenNode;
    return inner.kind === 'Fetch' ? [{ original: inner as FetchNode, fetch: inner as FetchNode, path }] : [];
  }
  if (node.kind === 'Sequence' || node.kind === 'Parallel') return (node as { nodes: readonly PlanNode[] }).nodes.flatMap(providersIn);
  return [];
}

function replacedProviders(node: PlanNode, providers: readonly Provider[]): PlanNode {
  const changed = (fetch: FetchNode) => providers.find((p) => p.original === fetch && p.fetch !== fetch)?.fetch;
  if (node.kind === 'Fetch') return changed(node as FetchNode) ?? node;
  if (node.kind === 'Flatten') {
    const flatten = node as FlattenNode;
    const inner = flatten.node.kind === 'Fetch' ? changed(flatten.node as FetchNode) : undefined;
    return inner ? { ...flatten, node: inner } : node;
  }
  if (node.kind === 'Sequence' || node.kind === 'Parallel') {
    const { nodes } = node as { nodes: readonly PlanNode[] };
    const next = nodes.map((n) => replacedProviders(n, providers));
    return next.some((n, i) => n !== nodes[i]) ? { ...node, nodes: next } : node;
  }
  return node;
}

function splitRequiringFetch(flatten: FlattenNode, fetch: FetchNode, requirements: Requirements, earlier: Provider[]): PlanNode | undefined {
  const document = parse(fetch.operation);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const entities = operation?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === '_entities');
  if (!operation || !entities?.selectionSet) return undefined;
  for (const fragment of entities.selectionSet.selections) {
    if (fragment.kind !== Kind.INLINE_FRAGMENT || !fragment.typeCondition) continue;
    const type = fragment.typeCondition.name.value;
    const byField = requirements.get(type)?.get(fetch.serviceName);
    if (!byField) continue;
    // For each required field, the argument lists the selected requiring fields need.
    const needs = new Map<string, Map<string, { required: Required; fields: Set<string> }>>();
    for (const selection of fragment.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) continue;
      for (const [name, required] of byField.get(selection.name.value) ?? []) {
        let lists = needs.get(name);
        if (!lists) needs.set(name, (lists = new Map()));
        let need = lists.get(required.printed);
        if (!need) lists.set(required.printed, (need = { required, fields: new Set() }));
        need.fields.add(selection.name.value);
      }
    }
    for (const [name, lists] of needs) {
      if (lists.size < 2) continue;
      const provided = findProvided(earlier, flatten.path, type, name);
      if (!provided) continue;
      const kept = printedArguments(provided.field.arguments ?? []);
      if (!lists.has(kept)) continue;
      // Each other argument list: an alias in the provider, and a fetch of its requiring fields.
      const aliases: { alias: string; fields: Set<string> }[] = [];
      let selection = provided.selectionSet;
      for (const [printed, need] of lists) {
        if (printed === kept) continue;
        const alias = freeName(`_required_${name}`, selection, aliases.length);
        selection = { ...selection, selections: [...selection.selections, { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: name }, arguments: need.required.args }] };
        aliases.push({ alias, fields: need.fields });
      }
      provided.provider.fetch = withOperation(provided.provider.fetch, provided.replace(selection));
      const moved = new Set(aliases.flatMap((a) => [...a.fields]));
      const keptFetch = withOperation(fetch, onlyFields(document, fragment, (f) => !moved.has(f)));
      const split = aliases.map(({ alias, fields }) => ({
        ...withOperation(fetch, onlyFields(document, fragment, (f) => fields.has(f))),
        requires: renamedRequires(fetch.requires!, type, name, alias),
        inputRewrites: [...(fetch.inputRewrites ?? []), { kind: 'KeyRenamer', path: [`... on ${type}`, alias], renameKeyTo: name } satisfies KeyRenamer],
      }));
      return { kind: 'Parallel', nodes: [keptFetch, ...split].map((f) => ({ ...flatten, node: f })) };
    }
  }
  return undefined;
}

/** Where an earlier fetch selects `name` on `type` at the flatten path `path`; `replace` gives its operation with a new selection set there. */
function findProvided(earlier: Provider[], path: readonly (string | number)[], type: string, name: string) {
  for (const provider of [...earlier].reverse()) {
    const document = parse(provider.fetch.operation);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation) continue;
    // A root fetch: walk the flatten path's fields. An entity fetch at the same path: its `... on type`.
    const steps = provider.path === undefined ? path.filter((p) => p !== '@').map(String) : samePath(provider.path, path) ? ['_entities', `... on ${type}`] : undefined;
    if (!steps) continue;
    const found = selectionAt(operation.selectionSet, steps, type, name);
    if (!found) continue;
    return {
      provider, field: found.field, selectionSet: found.selectionSet,
      replace: (selectionSet: SelectionSetNode): DocumentNode => ({
        ...document,
        definitions: document.definitions.map((d) => (d === operation ? { ...operation, selectionSet: replaceAt(operation.selectionSet, found.trail, selectionSet) } : d)),
      }),
    };
  }
  return undefined;
}

/** The selection set at `steps` (field names or `... on T`), then `name` in it or in its `... on type`; with the trail of sets walked. */
function selectionAt(root: SelectionSetNode, steps: readonly string[], type: string, name: string) {
  const trail: SelectionNode[] = [];
  let set = root;
  for (const step of steps) {
    const next: SelectionNode | undefined = set.selections.find((s) => (step.startsWith('... on ')
      ? s.kind === Kind.INLINE_FRAGMENT && s.typeCondition?.name.value === step.slice(7)
      : s.kind === Kind.FIELD && (s.alias?.value ?? s.name.value) === step));
    const inner = next && (next as FieldNode | InlineFragmentNode).selectionSet;
    if (!next || !inner) return undefined;
    trail.push(next);
    set = inner;
  }
  const field = set.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && !s.alias && s.name.value === name);
  if (field) return { field, selectionSet: set, trail };
  const fragment = set.selections.find((s): s is InlineFragmentNode => s.kind === Kind.INLINE_FRAGMENT && s.typeCondition?.name.value === type);
  const inFragment = fragment?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && !s.alias && s.name.value === name);
  return fragment && inFragment ? { field: inFragment, selectionSet: fragment.selectionSet, trail: [...trail, fragment] } : undefined;
}

function replaceAt(set: SelectionSetNode, trail: readonly SelectionNode[], replacement: SelectionSetNode): SelectionSetNode {
  if (trail.length === 0) return replacement;
  const [first, ...rest] = trail;
  return {
    ...set,
    selections: set.selections.map((s) => (s === first
      ? { ...s, selectionSet: replaceAt((s as FieldNode | InlineFragmentNode).selectionSet!, rest, replacement) } as SelectionNode
      : s)),
  };
}

/** The entity fetch's document with only the fields of `fragment` that `keep` keeps. */
function onlyFields(document: DocumentNode, fragment: InlineFragmentNode, keep: (field: string) => boolean): DocumentNode {
  return visit(document, {
    InlineFragment(node) {
      if (node !== fragment) return undefined;
      return { ...node, selectionSet: { ...node.selectionSet, selections: node.selectionSet.selections.filter((s) => s.kind !== Kind.FIELD || keep(s.name.value)) } };
    },
  });
}

/** A fetch with a new operation, its variable definitions and usages cut to the variables it uses. */
function withOperation(fetch: FetchNode, document: DocumentNode): FetchNode {
  const used = new Set<string>();
  const trimmed = visit(document, {
    OperationDefinition: {
      leave(operation) {
        return { ...operation, variableDefinitions: operation.variableDefinitions?.filter((v) => v.variable.name.value === 'representations' || used.has(v.variable.name.value)) };
      },
    },
    VariableDefinition: () => false,
    Variable(variable) { used.add(variable.name.value); },
  });
  const { operationDocumentNode: _unused, ...rest } = fetch;
  return { ...rest, operation: stripIgnoredCharacters(print(trimmed)), variableUsages: fetch.variableUsages.filter((v) => used.has(v)) };
}

function renamedRequires(selections: readonly RequiresSelection[], type: string, name: string, alias: string): RequiresSelection[] {
  return selections.map((s) => (s.kind === 'InlineFragment' && s.typeCondition === type
    ? { ...s, selections: s.selections.map((f) => (f.kind === 'Field' && f.name === name && !f.alias ? { ...f, name: alias } : f)) }
    : s));
}

function freeName(base: string, set: SelectionSetNode, index: number): string {
  const taken = new Set(set.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.alias?.value ?? s.name.value] : [])));
  let candidate = `${base}_${index}`;
  while (taken.has(candidate)) candidate += '_';
  return candidate;
}

const samePath = (a: readonly (string | number)[], b: readonly (string | number)[]) => a.length === b.length && a.every((p, i) => p === b[i]);

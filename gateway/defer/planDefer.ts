import {
  Kind, visit, type ArgumentNode, type DirectiveNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode,
  type InlineFragmentNode, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';

/** One `@defer`red fragment: where its fields go in the answer, and the query that fetches them. */
export interface DeferredPart {
  readonly label?: string;
  /** Response keys from the root to the fragment's parent object (list items in between are expanded when delivering). */
  readonly path: readonly string[];
  /** The operation narrowed to the path and the fragment, with only the variables it uses. */
  readonly document: DocumentNode;
}

/** How to answer an operation with `@defer`: the part without the deferred fragments first, then each of them. */
export interface DeferPlan {
  readonly initial: DocumentNode;
  readonly deferred: readonly DeferredPart[];
}

type Wrapper = FieldNode | InlineFragmentNode;

const isDefer = (d: DirectiveNode) => d.name.value === 'defer';

/** The `@defer` of a fragment when it applies (`if` not false), with its label. */
function deferOf(node: InlineFragmentNode, variables: Readonly<Record<string, unknown>>): { label?: string } | undefined {
  const directive = node.directives?.find(isDefer);
  if (!directive) return undefined;
  const arg = (name: string): ArgumentNode | undefined => directive.arguments?.find((a) => a.name.value === name);
  const condition = arg('if')?.value;
  if (condition?.kind === Kind.BOOLEAN && !condition.value) return undefined;
  if (condition?.kind === Kind.VARIABLE && variables[condition.name.value] === false) return undefined;
  const label = arg('label')?.value;
  return label?.kind === Kind.STRING ? { label: label.value } : {};
}

/** Every `@defer` removed: the whole answer at once (a client that cannot read incremental delivery). */
export const withoutDefer = <T extends DocumentNode | SelectionSetNode | InlineFragmentNode>(node: T): T =>
  visit(node, { Directive: (d) => (isDefer(d) ? null : undefined) });

/** Named fragments spread in place as inline fragments, so a deferred spread is just a deferred inline fragment. */
function inlineSpreads(set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, depth = 0): SelectionSetNode {
  if (depth > 50) return set; // a cycle: validation refuses it
  return {
    ...set,
    selections: set.selections.map((s): SelectionNode => {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(s.name.value);
        if (!fragment) return s; // unknown: validation refuses it
        return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: s.directives, selectionSet: inlineSpreads(fragment.selectionSet, fragments, depth + 1) };
      }
      return s.selectionSet ? { ...s, selectionSet: inlineSpreads(s.selectionSet, fragments, depth + 1) } as SelectionNode : s;
    }),
  };
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/** The operation with only the variables its body uses (GraphQL refuses unused ones). */
function withUsedVariables(operation: OperationDefinitionNode): DocumentNode {
  const used = new Set<string>();
  visit(operation.selectionSet, { Variable: (v) => void used.add(v.name.value) });
  return { kind: Kind.DOCUMENT, definitions: [{ ...operation, variableDefinitions: operation.variableDefinitions?.filter((d) => used.has(d.variable.name.value)) }] };
}

/**
 * Splits a query with `@defer` into the query without the deferred fragments and one query
 * per deferred fragment: the path to it (its fields with their arguments and aliases, the
 * inline fragments around it) and the fragment itself. A `@defer` inside a deferred fragment
 * arrives with it (servers may deliver deferred data early). Undefined when nothing is
 * deferred, or the operation is not a query.
 */
export function planDefer(document: DocumentNode, operationName: string | undefined, variables: Readonly<Record<string, unknown>> = {}): DeferPlan | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query') return undefined;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const deferred: DeferredPart[] = [];

  const split = (set: SelectionSetNode, wrappers: readonly Wrapper[]): SelectionSetNode => {
    const kept: SelectionNode[] = [];
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        kept.push(selection.selectionSet ? { ...selection, selectionSet: split(selection.selectionSet, [...wrappers, selection]) } : selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const defer = deferOf(selection, variables);
        if (!defer) {
          kept.push({ ...selection, selectionSet: split(selection.selectionSet, [...wrappers, selection]) });
          continue;
        }
        const fragment = withoutDefer({ ...selection, directives: selection.directives?.filter((d) => !isDefer(d)) });
        let inner: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: [fragment] };
        for (const wrapper of [...wrappers].reverse()) inner = { kind: Kind.SELECTION_SET, selections: [{ ...wrapper, selectionSet: inner }] };
        deferred.push({
          ...defer,
          path: wrappers.filter((w): w is FieldNode => w.kind === Kind.FIELD).map((f) => (f.alias ?? f.name).value),
          document: withUsedVariables({ ...operation, selectionSet: inner }),
        });
      } else {
        kept.push(selection);
      }
    }
    // A selection set must not be empty: a parent whose fields are all deferred answers its __typename first.
    return { ...set, selections: kept.length > 0 ? kept : [TYPENAME] };
  };

  const selectionSet = split(inlineSpreads(operation.selectionSet, fragments), []);
  if (deferred.length === 0) return undefined;
  return { initial: withUsedVariables({ ...operation, selectionSet }), deferred };
}

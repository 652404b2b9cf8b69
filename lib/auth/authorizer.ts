import {
  buildASTSchema, getNamedType, visit, type ASTNode, GraphQLError, isInterfaceType, isObjectType, Kind, parse, valueFromASTUntyped,
  type DirectiveNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLField,
  type GraphQLNamedType, type GraphQLObjectType, type GraphQLInterfaceType,
  type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '../errors/index.js';
import { isAuthenticated, type Identity } from './Identity.js';

/** What a field or type declares: `@authenticated`, `@requiresScopes(scopes: [[a, b], [c]])` (a AND b, OR c). */
export interface Requirement {
  readonly authenticated: boolean;
  /** Alternatives, each a set of scopes that must all be held; `undefined` when no scopes are required. */
  readonly scopes?: readonly (readonly string[])[];
}

/** The outcome of {@link Authorizer.authorize}. */
export interface AuthorizationResult {
  /** The operation without the fields the caller may not see (the input itself when nothing was removed). */
  readonly document: DocumentNode;
  /** One `UNAUTHENTICATED` or `FORBIDDEN` error per removed field, with the field's response path. */
  readonly errors: readonly GraphQLError[];
  /** True when every root field was removed: nothing is left to execute. */
  readonly empty: boolean;
}

/** Enforces the authorization the supergraph declares, on whole operations, before they are planned. */
export interface Authorizer {
  authorize(document: DocumentNode, operationName: string | null | undefined, identity: Identity): AuthorizationResult;
}

/** Alias of the `__typename` that stands in for a selection set emptied by authorization; strip it from results. */
export const REMOVED_PLACEHOLDER = 'authorizationRemoved_';

/** Options for {@link createAuthorizer}. */
export interface AuthorizerOptions {
  /** A mutation field with no declared requirement still needs an authenticated caller. @default true */
  readonly protectMutations?: boolean;
}

const SPECS = {
  authenticated: 'https://specs.apollo.dev/authenticated/',
  requiresScopes: 'https://specs.apollo.dev/requiresScopes/',
  /** Ours (composed with @composeDirective): a mutation exempt from `protectMutations`, e.g. `recordSearchClick`. */
  anonymousAllowed: 'https://commerce.example/access/',
};

/**
 * Reads `@authenticated` and `@requiresScopes` (Federation's authorization directives,
 * composed into the supergraph under the names its `@link`s give them) and removes the
 * fields a caller may not see from an operation, with an error for each.
 * Requirements on a type apply to every field that returns it.
 */
export function createAuthorizer(supergraphSdl: string, options: AuthorizerOptions = {}): Authorizer {
  const ast = parse(supergraphSdl);
  const schema = buildASTSchema(ast, { assumeValidSDL: true });
  const names = directiveNames(ast);
  const protectMutations = options.protectMutations ?? true;
  const mutationType = schema.getMutationType();

  const typeRequirements = new Map<string, Requirement | undefined>();
  const typeRequirement = (type: GraphQLNamedType): Requirement | undefined => {
    if (!typeRequirements.has(type.name)) typeRequirements.set(type.name, requirementOf(type.astNode?.directives, names));
    return typeRequirements.get(type.name);
  };
  const fieldRequirements = new Map<string, Requirement[]>();
  const requirementsOf = (parent: GraphQLObjectType | GraphQLInterfaceType, field: GraphQLField<unknown, unknown>): Requirement[] => {
    const key = `${parent.name}.${field.name}`;
    let found = fieldRequirements.get(key);
    if (!found) {
      found = [requirementOf(field.astNode?.directives, names), typeRequirement(getNamedType(field.type))].filter((r): r is Requirement => r !== undefined);
      const exempt = names.anonymousAllowed !== undefined && (field.astNode?.directives ?? []).some((d) => d.name.value === names.anonymousAllowed);
      if (found.length === 0 && protectMutations && parent === mutationType && !exempt) found = [{ authenticated: true }];
      fieldRequirements.set(key, found);
    }
    return found;
  };

  // Documents a caller may see whole, by operation and what the caller holds: Apollo Server hands
  // back the same parsed document for the same query text, so a repeated request skips the walk.
  const passed = new WeakMap<DocumentNode, Set<string>>();

  return {
    authorize(document, operationName, identity) {
      const holder = `${operationName ?? ''}\0${isAuthenticated(identity)}\0${JSON.stringify(identity.scopes)}`;
      if (passed.get(document)?.has(holder)) return { document, errors: [], empty: false };
      const operation = selectOperation(document, operationName);
      if (!operation) return { document, errors: [], empty: false };
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
      const errors: GraphQLError[] = [];
      // A named fragment is filtered once (its errors carry the path of its first spread), so
      // fragments spread many times at many levels cost linear time.
      const filteredFragments = new Map<string, SelectionSetNode | undefined>();

      const filter = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, path: string[]): SelectionSetNode | undefined => {
        if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return selectionSet; // unions: fragments narrow below
        let changed = false;
        const kept: SelectionNode[] = [];
        for (const selection of selectionSet.selections) {
          const next = filterSelection(selection, parent, path);
          if (next !== selection) changed = true;
          if (next) kept.push(next);
        }
        if (!changed) return selectionSet;
        return kept.length > 0 ? { ...selectionSet, selections: kept } : undefined;
      };

      const filterSelection = (selection: SelectionNode, parent: GraphQLObjectType | GraphQLInterfaceType, path: string[]): SelectionNode | undefined => {
        if (selection.kind === Kind.FIELD) return filterField(selection, parent, path);
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) return selection;
        const type = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
        let filtered: SelectionSetNode | undefined;
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          if (!filteredFragments.has(selection.name.value)) filteredFragments.set(selection.name.value, filter(fragment.selectionSet, type, path));
          filtered = filteredFragments.get(selection.name.value);
        } else {
          filtered = filter(fragment.selectionSet, type, path);
        }
        if (filtered === fragment.selectionSet) return selection;
        if (!filtered) return undefined;
        // A named fragment may be spread where the caller sees less: inline the filtered copy.
        return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: selection.directives, selectionSet: filtered };
      };

      const filterField = (field: FieldNode, parent: GraphQLObjectType | GraphQLInterfaceType, path: string[]): FieldNode | undefined => {
        if (field.name.value.startsWith('__')) return field;
        const definition = parent.getFields()[field.name.value];
        if (!definition) return field;
        const fieldPath = [...path, field.alias?.value ?? field.name.value];
        for (const requirement of requirementsOf(parent, definition)) {
          const refusal = refuse(requirement, identity, `${parent.name}.${field.name.value}`, fieldPath);
          if (refusal) {
            errors.push(refusal);
            return undefined;
          }
        }
        if (!field.selectionSet) return field;
        const filtered = filter(field.selectionSet, getNamedType(definition.type), fieldPath);
        if (filtered === field.selectionSet) return field;
        return { ...field, selectionSet: filtered ?? placeholderSelection };
      };

      const rootType = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
      const selectionSet = filter(operation.selectionSet, rootType ?? undefined, []);
      if (selectionSet === operation.selectionSet) {
        if (!passed.has(document)) passed.set(document, new Set());
        passed.get(document)!.add(holder);
        return { document, errors: [], empty: false };
      }
      if (!selectionSet) return { document, errors, empty: true };
      const filteredOperation: OperationDefinitionNode = { ...operation, selectionSet };
      // Keep only the fragments still spread (the filtered ones were inlined): unused ones are invalid.
      const used = new Set<string>();
      const collect = (node: ASTNode) => visit(node, { FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        const fragment = fragments.get(spread.name.value);
        if (fragment) collect(fragment);
      } });
      collect(filteredOperation);
      return {
        document: { ...document, definitions: [filteredOperation, ...[...fragments.values()].filter((f) => used.has(f.name.value))] },
        errors,
        empty: false,
      };
    },
  };
}

/** A field that exposes, unprotected, a value another field protects. */
export interface UnprotectedTwin {
  /** `Type.field` without the requirement. */
  readonly coordinate: string;
  /** `Type.field` that declares it. */
  readonly protectedBy: string;
  readonly requirement: Requirement;
}

/**
 * Fields that carry the same value as a protected field under another type, without its
 * protection: a field named like a field with `@authenticated`/`@requiresScopes` (or whose
 * type has them), returning the same type, must declare at least the same requirement
 * (`StockSnapshot.reserved` as `Stock.reserved`), wherever the type appears — subscription
 * payloads included. Root fields (Query, Mutation, Subscription) are not compared.
 */
export function unprotectedTwins(supergraphSdl: string): UnprotectedTwin[] {
  const ast = parse(supergraphSdl);
  const schema = buildASTSchema(ast, { assumeValidSDL: true });
  const names = directiveNames(ast);
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  const byTwin = new Map<string, { coordinate: string; requirement: Requirement | undefined }[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || roots.has(type as GraphQLObjectType) || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      const requirement = requirementOf(field.astNode?.directives, names) ?? requirementOf(named.astNode?.directives, names);
      const key = `${field.name}: ${String(field.type)}`;
      byTwin.set(key, [...(byTwin.get(key) ?? []), { coordinate: `${type.name}.${field.name}`, requirement }]);
    }
  }
  const found: UnprotectedTwin[] = [];
  for (const twins of byTwin.values()) {
    for (const guarded of twins) {
      if (!guarded.requirement) continue;
      for (const twin of twins) {
        if (twin !== guarded && !covers(twin.requirement, guarded.requirement)) {
          found.push({ coordinate: twin.coordinate, protectedBy: guarded.coordinate, requirement: guarded.requirement });
        }
      }
    }
  }
  return found.filter((t, i) => found.findIndex((o) => o.coordinate === t.coordinate) === i);
}

/** True when every caller `held` admits is also admitted by `needed`. */
function covers(held: Requirement | undefined, needed: Requirement): boolean {
  if (!held) return false;
  if (needed.authenticated && !(held.authenticated || held.scopes)) return false;
  if (!needed.scopes) return true;
  if (!held.scopes) return false;
  // Each alternative of `held` must include some alternative of `needed`.
  return held.scopes.every((all) => needed.scopes!.some((need) => need.every((scope) => all.includes(scope))));
}

/** Removes the placeholders {@link createAuthorizer} put in emptied selection sets from a result. */
export function stripPlaceholders(data: unknown): void {
  if (Array.isArray(data)) {
    for (const item of data) stripPlaceholders(item);
  } else if (data !== null && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    delete record[REMOVED_PLACEHOLDER];
    for (const value of Object.values(record)) stripPlaceholders(value);
  }
}

const placeholderSelection: SelectionSetNode = {
  kind: Kind.SELECTION_SET,
  selections: [{ kind: Kind.FIELD, alias: { kind: Kind.NAME, value: REMOVED_PLACEHOLDER }, name: { kind: Kind.NAME, value: '__typename' } }],
};

function refuse(requirement: Requirement, identity: Identity, coordinate: string, path: string[]): GraphQLError | undefined {
  if ((requirement.authenticated || requirement.scopes) && !isAuthenticated(identity)) {
    return new GraphQLError(`${coordinate} requires an authenticated caller`, { path, extensions: { code: ErrorCode.UNAUTHENTICATED } });
  }
  if (requirement.scopes && !requirement.scopes.some((all) => all.every((scope) => identity.scopes.includes(scope)))) {
    const needed = requirement.scopes.map((all) => all.join(' and ')).join(' or ');
    return new GraphQLError(`${coordinate} requires scope ${needed}`, { path, extensions: { code: ErrorCode.FORBIDDEN, requiredScopes: requirement.scopes } });
  }
  return undefined;
}

function selectOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/** The local names of the authorization directives, from the supergraph's `@link(url:, as:)`. */
function directiveNames(ast: DocumentNode): DirectiveNames {
  const names: DirectiveNames = {};
  for (const def of ast.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of def.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const args = Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
      for (const [key, prefix] of Object.entries(SPECS) as [keyof typeof SPECS, string][]) {
        if (typeof args.url !== 'string' || !args.url.startsWith(prefix)) continue;
        // A custom spec imports its directive by name (`import: ["@anonymousAllowed"]`).
        names[key] = typeof args.as === 'string' ? args.as : key;
      }
    }
  }
  return names;
}

interface DirectiveNames { authenticated?: string; requiresScopes?: string; anonymousAllowed?: string }

function requirementOf(directives: readonly DirectiveNode[] | undefined, names: DirectiveNames): Requirement | undefined {
  let authenticated = false;
  let scopes: string[][] | undefined;
  for (const directive of directives ?? []) {
    if (directive.name.value === names.authenticated) authenticated = true;
    if (directive.name.value === names.requiresScopes) {
      const arg = directive.arguments?.find((a) => a.name.value === 'scopes');
      const value = arg ? valueFromASTUntyped(arg.value) : [];
      scopes = [...(scopes ?? []), ...(Array.isArray(value) ? value.map((all) => (Array.isArray(all) ? all.map(String) : [String(all)])) : [])];
    }
  }
  return authenticated || scopes ? { authenticated, ...(scopes ? { scopes } : {}) } : undefined;
}

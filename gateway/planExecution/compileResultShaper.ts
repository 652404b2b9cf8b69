import {
  assert, ERRORS, isCompositeType, isListType, isNonNullType, isObjectType, isSubtype, isValidLeafValue, typenameFieldName, Variable,
  type CompositeType, type Directive, type NamedType, type Operation, type Schema, type SelectionSet, type Type,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

/** What @apollo/gateway's `computeResponse` answers: the shaped data and the errors found shaping it. */
export interface ShapedResponse {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: GraphQLError[];
}

/** Shapes the merged subgraph data of one request into the response of the operation it was compiled for. */
export type ResultShaper = (input: Record<string, unknown> | null | undefined, variables: Record<string, unknown> | undefined) => ShapedResponse;

/** `@skip(if:)` / `@include(if:)`: a literal, or the variable that says (with the directive's text, for the error). */
type Condition = boolean | { readonly variable: string; readonly text: string; readonly directive: string } | undefined;

interface FieldStep {
  readonly kind: 'field';
  readonly skip: Condition;
  readonly include: Condition;
  readonly responseName: string;
  readonly isTypename: boolean;
  readonly type: Type;
  readonly selections: Step[] | undefined;
}
interface FragmentStep {
  readonly kind: 'fragment';
  readonly skip: Condition;
  readonly include: Condition;
  readonly typeCondition: CompositeType | undefined;
  readonly selections: Step[];
}
type Step = FieldStep | FragmentStep;

/** Set by {@link updateOutputValue} beside its return value (instead of a result object per value). */
let isInvalid = false;
let hasErrors = false;

interface Run {
  readonly schema: Schema;
  readonly variables: Record<string, unknown>;
  readonly errors: GraphQLError[];
  readonly path: (string | number)[];
  /** `typeConditionApplies` answers, by condition and typename (the schema is the operation's). */
  readonly applies: Map<string, boolean>;
}

/**
 * Compiles @apollo/gateway's result shaping (`computeResponse` in its `resultShaping.js`, 2.14)
 * for one operation: the same walk, with the same answers, errors and messages, but with each
 * selection's response name, type and `@skip`/`@include` read once per operation instead of once
 * per value, no result object per value, plain objects, and type-condition checks remembered.
 * Returns undefined for an operation that selects introspection fields (`__schema`, `__type`)
 * below the root, or names a response `__proto__`: those stay with the gateway's own shaping.
 */
export function compileResultShaper(operation: Operation): ResultShaper | undefined {
  const schema = operation.schema();
  const skipDirective = schema.skipDirective();
  const includeDirective = schema.includeDirective();
  let unsupported = false;
  const condition = (directive: Directive<any, { if: unknown }> | undefined): Condition => {
    if (!directive) return undefined;
    const value = directive.arguments().if;
    return value instanceof Variable ? { variable: value.name, text: `${value}`, directive: `${directive}` } : (value as boolean);
  };
  const compile = (selectionSet: SelectionSet): Step[] =>
    selectionSet.selections().map((selection): Step => {
      const skip = condition(selection.element.appliedDirectivesOf(skipDirective)[0]);
      const include = condition(selection.element.appliedDirectivesOf(includeDirective)[0]);
      if (selection.kind === 'FieldSelection') {
        const field = selection.element;
        // `__proto__` as a response name would set the prototype of the plain objects built below.
        if (field.definition.isSchemaIntrospectionField() || field.responseName() === '__proto__') unsupported = true;
        return {
          kind: 'field', skip, include, responseName: field.responseName(), isTypename: field.name === typenameFieldName,
          type: field.definition.type!, selections: selection.selectionSet ? compile(selection.selectionSet) : undefined,
        };
      }
      return { kind: 'fragment', skip, include, typeCondition: selection.element.typeCondition, selections: compile(selection.selectionSet) };
    });
  const root = compile(operation.selectionSet);
  if (unsupported) return undefined;
  const rootType = schema.schemaDefinition.rootType(operation.rootKind)!;
  const defaults = operation.collectDefaultedVariableValues();

  return (input, variables) => {
    if (!input) return { data: input, errors: [] };
    const run: Run = { schema, variables: { __proto__: null, ...defaults, ...variables }, errors: [], path: [], applies: new Map() };
    const data: Record<string, unknown> = {};
    const bubbled = applySelectionSet(run, input, root, data, rootType);
    return { data: bubbled ? null : data, errors: run.errors };
  };
}

function ifValue(value: Exclude<Condition, undefined>, variables: Record<string, unknown>): boolean {
  if (typeof value === 'boolean') return value;
  const set = variables[value.variable];
  assert(set !== undefined && typeof set === 'boolean', () => `Unexpected value ${set} for variable ${value.text} of ${value.directive}`);
  return set;
}

const shouldSkip = (step: Step, variables: Record<string, unknown>) =>
  (step.skip !== undefined && ifValue(step.skip, variables)) || (step.include !== undefined && !ifValue(step.include, variables));

function typeConditionApplies(run: Run, typeCondition: CompositeType | undefined, typename: string | undefined, parentType: CompositeType): boolean {
  if (!typeCondition) return true;
  const key = typename ? `${typeCondition.name}\0${typename}` : `${typeCondition.name}\0\0${parentType.name}`;
  let applies = run.applies.get(key);
  if (applies === undefined) {
    if (typename) {
      const type = run.schema.type(typename);
      applies = !!type && isSubtype(typeCondition, type);
    } else {
      applies = isSubtype(typeCondition, parentType);
    }
    run.applies.set(key, applies);
  }
  return applies;
}

/** True when a null bubbled up to (and past) this object. */
function applySelectionSet(run: Run, input: Record<string, unknown>, steps: Step[], output: Record<string, unknown>, parentType: CompositeType): boolean {
  for (const step of steps) {
    if ((step.skip !== undefined || step.include !== undefined) && shouldSkip(step, run.variables)) continue;
    if (step.kind === 'field') {
      const { responseName } = step;
      const outputValue = output[responseName];
      let inputValue = Object.prototype.hasOwnProperty.call(input, responseName) ? input[responseName] ?? null : null;
      if (step.isTypename) {
        if (outputValue === undefined) {
          if (inputValue === null && responseName !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
          const type: NamedType = (inputValue !== null && typeof inputValue === 'string' ? run.schema.type(inputValue) : undefined) ?? parentType;
          if (!isObjectType(type)) return true;
          output[responseName] = type.name;
        }
        continue;
      }
      run.path.push(responseName);
      const updated = updateOutputValue(run, outputValue, step.type, inputValue, step.selections, parentType);
      output[responseName] = updated;
      run.path.pop();
      if (isInvalid) return true;
    } else {
      const typename = input[typenameFieldName];
      assert(!typename || typeof typename === 'string', () => `Got unexpected value for __typename: ${typename}`);
      if (typeConditionApplies(run, step.typeCondition, typename as string | undefined, parentType)) {
        if (applySelectionSet(run, input, step.selections, output, step.typeCondition ?? parentType)) return true;
      }
    }
  }
  return false;
}

function pathLastElementDescription(path: readonly (string | number)[], currentType: Type, parentType: CompositeType): string {
  const element = path[path.length - 1];
  assert(element !== undefined, 'Should not have been called on an empty path');
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${currentType} at index ${element}`;
}

/** The value to put in the output; sets {@link isInvalid} and {@link hasErrors} as the gateway's `updateOutputValue` answers them. */
function updateOutputValue(run: Run, outputValue: unknown, type: Type, inputValue: unknown, selections: Step[] | undefined, parentType: CompositeType): unknown {
  assert(inputValue !== undefined, 'Should not pass undefined for `inputValue` to this method');
  isInvalid = false;
  hasErrors = false;
  if (outputValue === null || (outputValue !== undefined && !selections)) return outputValue;
  if (isNonNullType(type)) {
    const updated = updateOutputValue(run, outputValue, type.ofType, inputValue, selections, parentType);
    if (updated === null) {
      if (!hasErrors) {
        run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${pathLastElementDescription(run.path, type.ofType, parentType)}.`, { path: Array.from(run.path) }));
      }
      isInvalid = true;
      hasErrors = true;
      return updated;
    }
    isInvalid = false;
    hasErrors = false;
    return updated;
  }
  if (inputValue === null) return null;
  if (isListType(type)) {
    assert(Array.isArray(inputValue), () => `Invalid non-list value ${inputValue} returned by subgraph for list type ${type}`);
    assert(outputValue === undefined || Array.isArray(outputValue), () => `Invalid non-list value ${outputValue} returned by subgraph for list type ${type}`);
    const outputList = outputValue as unknown[] | undefined;
    const length = inputValue.length;
    assert(outputList === undefined || length === outputList.length, () => `[${inputValue}].length (${length}) !== [${outputList}].length (${outputList!.length})`);
    let shouldNullify = false;
    let anyErrors = false;
    const updated = new Array<unknown>(length);
    for (let i = 0; i < length; i++) {
      run.path.push(i);
      updated[i] = updateOutputValue(run, outputList === undefined ? undefined : outputList[i], type.ofType, inputValue[i], selections, parentType);
      run.path.pop();
      shouldNullify ||= isInvalid;
      anyErrors ||= hasErrors;
    }
    isInvalid = false;
    hasErrors = anyErrors;
    return shouldNullify ? null : updated;
  }
  if (isCompositeType(type)) {
    assert(selections, () => `Invalid empty selection set for composite type ${type}`);
    assert(typeof inputValue === 'object', () => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
    assert(outputValue === undefined || typeof outputValue === 'object', () => `Invalid non-object value ${inputValue} returned by subgraph for composite type ${type}`);
    const input = inputValue as Record<string, unknown>;
    const inputTypename = input[typenameFieldName];
    assert(inputTypename === undefined || typeof inputTypename === 'string', () => `Invalid non-string value ${inputTypename} for __typename at ${run.path}`);
    let objectType: CompositeType = type;
    if (inputTypename) {
      const typenameType = run.schema.type(inputTypename);
      if (!typenameType || !isCompositeType(typenameType)) {
        run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${pathLastElementDescription(run.path, type, parentType)}.`, { path: Array.from(run.path) }));
        isInvalid = false;
        hasErrors = true;
        return null;
      }
      objectType = typenameType;
    }
    // Plain objects, not the gateway's Object.create(null) (a dictionary in V8): about 2× cheaper to
    // build and to JSON.stringify.
    const outputObject = (outputValue === undefined ? {} : outputValue) as Record<string, unknown>;
    const bubbled = applySelectionSet(run, input, selections, outputObject, objectType);
    isInvalid = false;
    hasErrors = bubbled;
    return bubbled ? null : outputObject;
  }
  assert(outputValue === undefined, () => `Excepted output to be undefined but got ${type} for type ${type}`);
  const valid = isValidLeafValue(run.schema, inputValue, type as Parameters<typeof isValidLeafValue>[2]);
  if (!valid) {
    run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${pathLastElementDescription(run.path, type, parentType)}.`, { path: Array.from(run.path) }));
  }
  isInvalid = false;
  hasErrors = !valid;
  return valid ? inputValue : null;
}

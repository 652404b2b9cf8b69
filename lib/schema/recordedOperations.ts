import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  getNamedType, isEnumType, isInputObjectType, Kind, parse, Source, TypeInfo, validate, visit,
  visitWithTypeInfo, type DocumentNode, type GraphQLNamedType, type GraphQLSchema, type OperationDefinitionNode, type ASTNode,
} from 'graphql';

/** A client operation recorded in `schema/operations/<Name>.graphql`: one operation per file, named after the file. */
export interface RecordedOperation {
  readonly name: string;
  /** Path as given to {@link readRecordedOperations}, joined with the file name (`schema/operations/ProductPage.graphql`). */
  readonly file: string;
  readonly kind: OperationDefinitionNode['operation'];
  /** The file's text, as a client sends it (benchmarks and tests post this). */
  readonly text: string;
  readonly document: DocumentNode;
}

/** A point in a recorded operation. */
export interface OperationLocation {
  readonly operation: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A schema coordinate an operation depends on: a field (`Product.price`), an argument it
 * passes (`Product.price.currency`), an input field or enum value it may send
 * (`SetPriceInput.listAmount`, literal or through a variable), or a type it names (`Stock`).
 */
export interface OperationUsage extends OperationLocation {
  readonly coordinate: string;
  readonly kind: 'type' | 'field' | 'argument' | 'inputField' | 'enumValue';
}

/** Reads every `*.graphql` in `dir`; a file that does not parse or breaks the one-operation convention is a problem, not an exception. */
export function readRecordedOperations(dir: string): { operations: RecordedOperation[]; problems: string[] } {
  const operations: RecordedOperation[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { operations, problems };
  for (const entry of readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort()) {
    const file = path.join(dir, entry);
    const expected = path.basename(entry, '.graphql');
    const text = readFileSync(file, 'utf8');
    const document = parsedOrProblem(text, file, problems);
    if (!document) continue;
    const definitions = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (definitions.length !== 1 || definitions[0]!.name?.value !== expected) {
      problems.push(`${file}: must hold exactly one operation, named ${expected} (found ${definitions.map((d) => d.name?.value ?? 'anonymous').join(', ') || 'none'})`);
      continue;
    }
    operations.push({ name: expected, file, kind: definitions[0]!.operation, text, document });
  }
  return { operations, problems };
}

/** The GraphQL validation errors of an operation against a schema (none when it is valid). */
export function validateOperation(schema: GraphQLSchema, operation: RecordedOperation): { message: string; location: OperationLocation }[] {
  return validate(schema, operation.document).map((error) => ({
    message: error.message,
    location: { operation: operation.name, file: operation.file, line: error.locations?.[0]?.line ?? 1, column: error.locations?.[0]?.column ?? 1 },
  }));
}

/** Every schema coordinate `operation` depends on in `schema`, with where it does. */
export function operationUsages(schema: GraphQLSchema, operation: RecordedOperation): OperationUsage[] {
  const usages: OperationUsage[] = [];
  const at = (node: ASTNode) => ({
    operation: operation.name,
    file: operation.file,
    line: node.loc?.startToken.line ?? 1,
    column: node.loc?.startToken.column ?? 1,
  });
  const add = (coordinate: string, kind: OperationUsage['kind'], node: ASTNode) => usages.push({ coordinate, kind, ...at(node) });
  // A variable of an input type may carry any of its fields or enum values.
  const addInputClosure = (type: GraphQLNamedType, node: ASTNode, seen = new Set<string>()) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    add(type.name, 'type', node);
    if (isEnumType(type)) for (const value of type.getValues()) add(`${type.name}.${value.name}`, 'enumValue', node);
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        add(`${type.name}.${field.name}`, 'inputField', node);
        addInputClosure(getNamedType(field.type), node, seen);
      }
    }
  };

  const typeInfo = new TypeInfo(schema);
  visit(operation.document, visitWithTypeInfo(typeInfo, {
    VariableDefinition(node) {
      const type = typeInfo.getInputType();
      if (type) addInputClosure(getNamedType(type), node);
    },
    Field(node) {
      const parent = typeInfo.getParentType();
      const def = typeInfo.getFieldDef();
      if (!parent || !def || node.name.value.startsWith('__')) return;
      add(`${parent.name}.${def.name}`, 'field', node);
      add(getNamedType(def.type).name, 'type', node);
    },
    Argument(node) {
      const parent = typeInfo.getParentType();
      const def = typeInfo.getFieldDef();
      const arg = typeInfo.getArgument();
      if (parent && def && arg) add(`${parent.name}.${def.name}.${arg.name}`, 'argument', node);
    },
    ObjectValue(node) {
      const type = typeInfo.getInputType();
      if (type) add(getNamedType(type).name, 'type', node);
    },
    ObjectField(node) {
      const parent = typeInfo.getParentInputType();
      const named = parent && getNamedType(parent);
      if (named && isInputObjectType(named)) add(`${named.name}.${node.name.value}`, 'inputField', node);
    },
    EnumValue(node) {
      const type = typeInfo.getInputType();
      if (type) add(`${getNamedType(type).name}.${node.value}`, 'enumValue', node);
    },
    InlineFragment(node) {
      if (node.typeCondition) add(node.typeCondition.name.value, 'type', node);
    },
    FragmentDefinition(node) {
      add(node.typeCondition.name.value, 'type', node);
    },
  }));
  return usages;
}

/**
 * Documents clients registered at the edge (trusted documents) as operations the schema check
 * holds to: each named `<client>/<operation>` in the file `clients/<client>/<documentId>`. A
 * document that no longer parses is a problem, like a broken recorded file.
 */
export function registeredOperations(documents: readonly { clientId: string; documentId: string; body: string }[]): { operations: RecordedOperation[]; problems: string[] } {
  const operations: RecordedOperation[] = [];
  const problems: string[] = [];
  for (const { clientId, documentId, body } of documents) {
    const file = `clients/${clientId}/${documentId}`;
    const document = parsedOrProblem(body, file, problems);
    if (!document) continue;
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation) {
      problems.push(`${file}: holds no operation`);
      continue;
    }
    operations.push({ name: `${clientId}/${operation.name?.value ?? documentId}`, file, kind: operation.operation, text: body, document });
  }
  return { operations, problems };
}

/** The document `text` of `file`, or undefined with the parse error added to `problems`. */
function parsedOrProblem(text: string, file: string, problems: string[]): DocumentNode | undefined {
  try {
    return parse(new Source(text, file));
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
    return undefined;
  }
}

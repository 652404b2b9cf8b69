import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { visit, type DocumentNode } from 'graphql';
import { ErrorCode, userError } from '../errors/index.js';
import { CONTROL_CHARACTERS } from './index.js';

/**
 * Refuses, with BAD_USER_INPUT (HTTP 400), any operation whose string inputs (variables at
 * any depth, or string literals in the document) contain NUL or another control character
 * besides tab, newline and carriage return: PostgreSQL cannot store NUL in text, and no field
 * of ours means to take the others. Runs before execution, so no resolver or store sees them;
 * each field still checks its own length and shape.
 */
export function textInputPlugin(): ApolloServerPlugin<BaseContext> {
  const checked = new WeakMap<DocumentNode, string | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          let literal = checked.get(document);
          if (literal === undefined) {
            literal = null;
            visit(document, { StringValue: (node) => void (literal ??= CONTROL_CHARACTERS.test(node.value) ? 'a string literal' : null) });
            checked.set(document, literal);
          }
          const where = literal ?? controlCharacterIn(request.variables, 'variables');
          if (!where) return;
          throw userError(ErrorCode.BAD_USER_INPUT, `${where} contains a control character (NUL or another one besides tab, newline and carriage return)`, {
            field: where.slice(0, 200),
            http: { status: 400 },
          });
        },
      };
    },
  };
}

/** The path of the first string in `value` holding a control character, or null. */
function controlCharacterIn(value: unknown, path: string): string | null {
  if (typeof value === 'string') return CONTROL_CHARACTERS.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = controlCharacterIn(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = controlCharacterIn(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

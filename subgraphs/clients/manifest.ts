import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';

/** The id a document gets when the manifest does not name one: the hex SHA-256 of its text (as GraphQL Code Generator's client preset hashes). */
export const documentHash = (body: string): string => createHash('sha256').update(body).digest('hex');

const ID = /^[A-Za-z0-9_~.:/-]{1,200}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Reads a client's trusted documents, by id, from
 * - a persisted-documents JSON object, `{ "<id>": "<document>" }` (GraphQL Code Generator's client preset, `persistedDocuments: true`);
 * - an Apollo persisted query manifest, `{ "format": "apollo-persisted-query-manifest", "operations": [{ "id", "body" }] }`;
 * - a directory of `.graphql` files, one document each, hashed (the storefront's `schema/operations/`).
 * Every document must parse, and an id that is a SHA-256 must be its document's; throws naming each problem.
 */
export function readDocumentManifest(file: string): Map<string, string> {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const entries: [string, unknown][] = [];
  if (statSync(file).isDirectory()) {
    for (const name of readdirSync(file).filter((f) => f.endsWith('.graphql')).sort()) {
      const body = readFileSync(path.join(file, name), 'utf8');
      entries.push([documentHash(body), body]);
    }
  } else {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file} is not JSON: ${(error as Error).message}`);
    }
    const apollo = json as { format?: unknown; operations?: unknown };
    if (apollo && typeof apollo === 'object' && apollo.format === 'apollo-persisted-query-manifest') {
      if (!Array.isArray(apollo.operations)) throw new Error(`${file}: "operations" must be a list`);
      for (const op of apollo.operations as { id?: unknown; body?: unknown }[]) entries.push([String(op?.id), op?.body]);
    } else if (json && typeof json === 'object' && !Array.isArray(json)) {
      entries.push(...Object.entries(json));
    } else {
      throw new Error(`${file}: expected an object of documents by id, or an Apollo persisted query manifest`);
    }
  }
  const problems: string[] = [];
  const documents = new Map<string, string>();
  for (const [id, body] of entries) {
    if (!ID.test(id)) problems.push(`id "${id.slice(0, 80)}": use 1 to 200 letters, digits and _~.:/-`);
    else if (typeof body !== 'string') problems.push(`${id}: the document must be a string`);
    else if (SHA256.test(id) && documentHash(body) !== id) problems.push(`${id}: is not the SHA-256 of its document`);
    else {
      try {
        parse(body);
        documents.set(id, body);
      } catch (error) {
        problems.push(`${id}: ${(error as Error).message}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  if (documents.size === 0) throw new Error(`${file} holds no documents`);
  return documents;
}

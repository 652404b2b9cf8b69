import { fromRoot } from '../paths.js';
import { configVariables } from './loadConfig.js';
import { SUBGRAPH_NAMES } from './subgraphs.js';
import { VARIABLE_DOCS } from './variableDocs.js';

/** The per-subgraph variables, described from the list of subgraphs. */
function subgraphVariableDoc(name: string): string | undefined {
  for (const subgraph of SUBGRAPH_NAMES) {
    const upper = subgraph.toUpperCase();
    if (name === `${upper}_PORT`) return `port of the ${subgraph} subgraph`;
    if (name === `SUBGRAPH_${upper}_URL`) return `URL the gateway (and other subgraphs) call ${subgraph} at, or its replicas' URLs comma-separated (the gateway balances over them; other subgraphs call the first); default: the supergraph's`;
  }
  return undefined;
}

/** Variables read without a line in VARIABLE_DOCS, and lines no variable is read for (both must be empty). */
export function undocumentedVariables(): { undocumented: string[]; unread: string[] } {
  const read = configVariables().map((v) => v.name);
  return {
    undocumented: read.filter((name) => !VARIABLE_DOCS[name] && !subgraphVariableDoc(name)),
    unread: Object.keys(VARIABLE_DOCS).filter((name) => !read.includes(name)),
  };
}

const cell = (value: string) => value.replace(/\|/g, '\\|');

/** docs/configuration.md: every variable, its kind, default and purpose, in the order the code reads them. */
export function renderConfigReference(): string {
  const root = fromRoot();
  const rows = configVariables().map((v) => {
    const fallback = v.fallback === undefined ? '—' : `\`${String(v.fallback).replace(`${root}/`, '')}\``;
    return `| \`${v.name}\` | ${cell(v.kind)} | ${cell(fallback)} | ${cell(VARIABLE_DOCS[v.name] ?? subgraphVariableDoc(v.name) ?? '')} |`;
  });
  return [
    '# Configuration',
    '',
    'Every service reads its configuration once at start-up, from the environment, through `lib/config`;',
    'a bad value stops it with one line naming the variable. Outside production, unset keys',
    '(`AUTH_SHARED_SECRET`, `SUBGRAPH_SIGNING_KEY`) are generated once into `.data/dev-secrets.json`,',
    'which every process of one checkout shares and `npm run token` reads.',
    '',
    '<!-- Generated from lib/config by `npm run docs:config`; a test fails when it is stale. -->',
    '',
    '| variable | kind | default | what |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { generateSampleStore } from '../../stack/sampleStore.js';
import { buildJudgedSet, formatJudgedSet, type JudgedSet } from './judgedQueries.js';

/** The committed judged set. */
export const JUDGED_SET_FILE = fileURLToPath(new URL('./judged-queries.json', import.meta.url));
/** The sample store the set is judged against: `npm start`'s own (2,000 products, seed 42). */
export const JUDGED_STORE = { products: 2000, seed: 42 } as const;

/** The judged set as the current sample store and rules produce it. */
export const currentJudgedSet = (): JudgedSet => buildJudgedSet(generateSampleStore(JUDGED_STORE), JUDGED_STORE);

export const readJudgedSet = async (): Promise<JudgedSet> => JSON.parse(await readFile(JUDGED_SET_FILE, 'utf8')) as JudgedSet;

export const writeJudgedSet = async (): Promise<JudgedSet> => {
  const set = currentJudgedSet();
  await writeFile(JUDGED_SET_FILE, formatJudgedSet(set));
  return set;
};

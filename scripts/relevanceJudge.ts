// npm run relevance:judge — regenerates bench/relevance/judged-queries.json from the sample store.
import { JUDGED_SET_FILE, writeJudgedSet } from '../bench/relevance/judgedSetFile.js';

const set = await writeJudgedSet();
process.stdout.write(`${set.queries.length} judged queries written to ${JUDGED_SET_FILE}\n`);

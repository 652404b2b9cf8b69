export { historyNotAvailable, historyPage, historyPageArgs, pastTime, recordActor } from './historyArgs.js';
export { createHistoryTable, type HistoryRow, type HistoryTable } from './historyTable.js';

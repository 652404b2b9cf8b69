export { appendEvents } from './appendEvents.js';
export { checkFold, type FoldReport } from './foldCheck.js';
export type { EventToStore } from './appendEvents.js';
export { createEventStoreReader } from './eventStoreReader.js';
export type { EventStoreReader, ScanQuery, StoredEvent, SubjectEventsQuery } from './eventStoreReader.js';
export { createPartitionKeeper, monthLabel, monthOf, partitionName } from './partitions.js';
export type { Month, PartitionKeeper, PartitionKeeperOptions } from './partitions.js';
export { EVENT_STORE_GROUP, migrateEventStore, startEventStore } from './startEventStore.js';
export type { EventStore, EventStoreOptions } from './startEventStore.js';

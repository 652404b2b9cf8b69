export type { AnyEvent, CloudEvent, EventType, Events, PriceState, ProductState, StockState } from './CloudEvent.js';
export { EVENT_TYPES } from './CloudEvent.js';
export type { EventBus } from './EventBus.js';
export { createInProcessEventBus } from './inProcessEventBus.js';

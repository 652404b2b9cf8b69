/** The subgraphs with a store of their own (migrated and seeded once before any process starts). */
export const STORE_SUBGRAPH_NAMES = ['catalog', 'pricing', 'inventory'] as const;

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/index.js';
import { migrateSubgraph } from '../subgraph/index.js';
import { openTestDb } from '../../test/helpers/testDb.js';
import { outboxEventSql } from './outboxRow.js';
import { validateEventJson } from './validateEvent.js';

const DATA = { productId: 'p-"1"', currency: 'EUR', before: null, after: { listAmount: 900, saleAmount: null, saleValidFrom: null, saleValidTo: null, version: 1 } };

describe('outboxEventSql', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb('pglite');
    await migrateSubgraph(db, 'pricing');
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.exec('DELETE FROM pricing.outbox');
  });
  const events = async () => (await db.query<{ event: string }>(`SELECT ${outboxEventSql('pricing')} AS event FROM pricing.outbox ORDER BY seq`)).rows.map((r) => r.event);
  const insertParts = (actor?: string) => db.transaction(async (tx) => {
    if (actor) await tx.query("SELECT set_config('commerce.actor', $1, true)", [actor]);
    await tx.query(`INSERT INTO pricing.outbox (id, type, subject, data) VALUES ('5f0c1d2e-3a4b-4c5d-8e6f-000000000003', 'commerce.pricing.price_changed.v1', $1, $2)`,
      [DATA.productId, JSON.stringify(DATA)]);
  });

  it('passes a whole event through as written', async () => {
    await db.query(`INSERT INTO pricing.outbox (event) VALUES ('{"any" : "text"}')`);
    expect(await events()).toEqual(['{"any" : "text"}']);
  });

  it('assembles a valid CloudEvent from the parts: the source of the schema, the time of the row, data as stored', async () => {
    await insertParts();
    const { time } = (await db.query<{ time: string }>(`SELECT pricing.event_time(created_at) AS time FROM pricing.outbox`)).rows[0]!;
    const [json] = await events();
    expect(validateEventJson(json)).toMatchObject({ ok: true });
    expect(JSON.parse(json!)).toEqual({
      specversion: '1.0', id: '5f0c1d2e-3a4b-4c5d-8e6f-000000000003', source: '/commerce/pricing', type: 'commerce.pricing.price_changed.v1',
      subject: 'p-"1"', time, datacontenttype: 'application/json', data: DATA,
    });
  });

  it('adds the actor extension attribute when the writing transaction named one', async () => {
    await insertParts('wes@shop.example');
    await insertParts();
    expect((await events()).map((e) => JSON.parse(e).actor)).toEqual(['wes@shop.example', undefined]);
  });

  it('refuses a row with neither a whole event nor all of its parts', async () => {
    await expect(db.query(`INSERT INTO pricing.outbox (type, subject, data) VALUES ('commerce.pricing.price_changed.v1', 'p-1', '{}')`)).rejects.toThrow(/outbox_event_or_parts/);
  });
});

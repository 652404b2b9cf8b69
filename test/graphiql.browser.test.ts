// The offline GraphiQL in a real headless browser (Debian's chromium, driven by playwright-core):
// the page loads with no request beyond localhost, runs the ProductPage operation over HTTP, and
// shows a live priceChanged event over graphql-ws after a setPrice.
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGraphiql, graphiqlBuilt } from '../gateway/graphiql/buildGraphiql.js';
import { fromRoot } from '../lib/paths.js';
import { tokenFor } from './helpers/auth.js';
import { gql } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('GraphiQL at /graphiql, offline, in headless Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];

  beforeAll(async () => {
    // Said out loud, not skipped: without a browser this suite cannot run (`.ci/run` installs it).
    if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    if (!graphiqlBuilt()) await buildGraphiql();
    stack = await startTestStack('pglite', { products: 20 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'], // a fresh profile each launch (playwright's own temporary one)
    });
    page = await browser.newPage();
    // Nothing but localhost: a CDN request would be refused and recorded.
    await page.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === '127.0.0.1' || host === 'localhost') return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const editor = (selector: string) => page.locator(`${selector} .CodeMirror`).first();
  const setEditor = (selector: string, text: string) =>
    editor(selector).evaluate((el, value) => (el as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(value), text);
  const result = () => page.locator('.graphiql-response .CodeMirror').first().evaluate((el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
  // GraphiQL parses the editors after a short debounce; run only once it has (it picks HTTP or WebSocket from that parse).
  const run = async () => {
    await page.waitForTimeout(1000);
    await page.locator('.graphiql-execute-button').click();
  };

  it('loads from the gateway alone and runs the ProductPage operation', async () => {
    await page.goto(stack.url.replace(/graphql$/, 'graphiql'));
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await setEditor('.graphiql-query-editor', readFileSync(fromRoot('schema', 'operations', 'ProductPage.graphql'), 'utf8'));
    await page.locator('.graphiql-editor-tool [data-name="variables"], .graphiql-editor-tools button:has-text("Variables")').first().click().catch(() => {});
    await setEditor('.graphiql-editor-tool', JSON.stringify({ id: 'p-1', currency: 'EUR' }));
    await run();
    await expect.poll(async () => (await result()).includes('"product"'), { timeout: 20_000 }).toBe(true);
    const body = JSON.parse(await result());
    expect(body.errors).toBeUndefined();
    expect(body.data.product.id).toBe('p-1');
    expect(outside).toEqual([]);
  }, 90_000);

  it('shows a live priceChanged event after a setPrice', async () => {
    // A fresh page: GraphiQL keeps the last operation name in local storage.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await setEditor('.graphiql-query-editor', 'subscription PriceWatch { priceChanged(productIds: ["p-2"]) { currency after { list { amount } } } }');
    await setEditor('.graphiql-editor-tool', '{}');
    await run();
    await page.waitForTimeout(1500); // the subscription is acknowledged before the write
    const written = await gql(stack.url, 'mutation { setPrice(input: { productId: "p-2", currency: "EUR", listAmount: 4242 }) { version } }', {}, { authorization: `Bearer ${await tokenFor(stack, 'merchandiser')}` });
    expect(written.body.errors).toBeUndefined();
    await expect.poll(async () => (await result()).includes('4242'), { timeout: 20_000 }).toBe(true);
    expect(outside).toEqual([]);
  }, 90_000);
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launch, startServer, watch } from './harness.mjs';

let server;
let base;
let ctx;

before(async () => {
  ({ server, base } = await startServer());
  ({ ctx } = await launch());
});
after(async () => {
  await ctx?.close();
  await server?.close();
});

describe('the page', () => {
  it('loads with its Chinese title and drop zone, asks no other origin and logs no error', async () => {
    const page = await ctx.newPage();
    const w = watch(page, base);
    await page.goto(base);
    await page.getByRole('heading', { name: '年报分析' }).waitFor();
    assert.match(await page.title(), /年报分析/);
    assert.ok(await page.getByRole('region', { name: /拖入年报文件/ }).isVisible());
    assert.deepEqual(w.foreign, []);
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});

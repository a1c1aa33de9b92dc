import t from 'tap';
import { chromium, type Page } from 'playwright-core';
import { narrativeOrigin, ORIGINS } from '../../src/config/origins.js';
import { buildApi } from '../../src/api/server.js';
import { MemoryBus } from '../../src/bus/memory.js';
import { RegistryActor } from '../../src/registry/actor.js';
import { allSoundKeys } from '../../src/registry/sound.js';
import { tempDataDir, testConfig } from '../helpers/store.js';

const config = testConfig(tempDataDir(t));
const bus = new MemoryBus();
const actor = await RegistryActor.start({ config, bus });
const app = buildApi({ config, actor, bus });
t.teardown(async () => {
  await app.close();
  await actor.close();
});

const [genre] = narrativeOrigin('genre');
const BATCH = {
  static_colors: [{ key: '100,100,150_1.0', r: 124, g: 124, b: 160 }, { key: '0,0,25_0.55', r: 10, g: 20, b: 30, opacity: 0.53 }],
  static_sound: [{ key: '0.3_mid_tone', amplitude: 0.3, tone: 'mid', timbre: 'tone', peak_hz: 330 }],
  narrative: { genre: [{ key: genre }] },
  camera: [{ key: 'pan_medium_stable', value: 'pan', speed: 'medium', steadiness: 'stable' }],
};

const json = (res: { body: string }) => JSON.parse(res.body);
const ingest = async (batch: object) => t.equal((await app.inject({ method: 'POST', url: '/api/knowledge/discoveries', payload: batch })).statusCode, 201);
const fmt = (n: number) => n.toLocaleString('en');

t.test('the covered color cells, with the grid they lie on', async (t) => {
  const empty = json(await app.inject('/api/registries/static_color/cells'));
  t.same(empty, {
    registry: 'static_color', count: 0, cells: 27951,
    levels: [0, 25, 50, 75, 100, 125, 150, 175, 200, 225, 250],
    opacities: Array.from({ length: 21 }, (_, step) => (step % 2 === 0 ? (step / 20).toFixed(1) : (step / 20).toFixed(2))),
    covered: [],
  });
  await ingest(BATCH);
  const cells = json(await app.inject('/api/registries/static_color/cells'));
  t.equal(cells.count, 2);
  t.same([...cells.covered].sort(), ['0,0,25_0.55', '100,100,150_1.0']);
  t.equal(cells.count, (await actor.coverage()).registries.static_color.count, 'the same cells coverage counts');
});

t.test('the page and its files are served, nothing else from their folder', async (t) => {
  const page = await app.inject('/');
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.headers['content-security-policy'], /default-src 'self'/);
  t.match(page.body, /<script type="module" src="\/dashboard\/app.js">/);
  t.match((await app.inject('/dashboard/app.js')).headers['content-type'], /^text\/javascript/);
  t.match((await app.inject('/dashboard/style.css')).headers['content-type'], /^text\/css/);
  for (const url of ['/dashboard/index.htm', '/dashboard/..%2Fpackage.json', '/dashboard/constructor', '/dashboard/']) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 404, url);
    t.equal(json(res).error.code, 'NOT_FOUND', url);
  }
});

/** The RGBA of the middle of one cell of the color map. */
function cellPixel(page: Page, opacity: string, rgb: number[]): Promise<number[]> {
  const levels = ORIGINS.static_color.channel_levels;
  const [ri, gi, bi] = rgb.map((level) => levels.indexOf(level));
  return page.locator(`canvas[data-opacity="${opacity}"]`).evaluate((canvas, [n, ri, gi, bi]) => {
    const px = Number(canvas.dataset.cellPx);
    const data = canvas.getContext('2d').getImageData((gi * n + bi) * px + px / 2, ri * px + px / 2, 1, 1).data;
    return Array.from(data as number[]);
  }, [levels.length, ri, gi, bi]);
}

t.test('in a browser: the store\'s coverage, the color map, and discoveries as they happen', async (t) => {
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (err) => errors.push(err.message));

  await page.goto(`${address}/`);
  await page.locator('[data-connection="live"]').waitFor();
  await page.locator('canvas[data-opacity="1.0"]').waitFor();
  await page.locator('#narrative tr').first().waitFor();

  const { registries } = await actor.coverage();
  for (const [name, r] of Object.entries(registries)) {
    t.equal(await page.locator(`.card[data-registry="${name}"] .count`).textContent(), `${fmt(r.count)} / ${fmt(r.cells)}`, name);
  }
  t.equal(await page.locator('[data-primitive="tone"]').textContent(), 'tone: present');
  t.equal(await page.locator('[data-primitive="hiss"]').textContent(), 'hiss: missing');
  const gaps = {
    dynamic: Object.entries(registries.dynamic.domains).map(([name, d]) => ({ name, covered: d.covered, size: d.size, missing: d.missing.length })),
    narrative: Object.entries(registries.narrative.aspects).map(([name, a]) => ({ name, covered: a.count, size: a.origin_size, missing: a.missing.length })),
  };
  t.ok(gaps.dynamic.some((d) => d.covered > 0), 'some dynamic domain covered');
  for (const [table, rows] of Object.entries(gaps)) {
    const shown = await page.locator(`#${table} tbody tr`).evaluateAll((trs) => trs.map((tr) =>
      [tr.querySelector('th').textContent, tr.querySelector('td').textContent, (tr.querySelector('summary') ?? tr.lastElementChild).textContent]));
    t.same(shown, rows.map(({ name, covered, size, missing }) => [name, `${fmt(covered)} / ${fmt(size)}`, missing === 0 ? 'none' : `${fmt(missing)} missing`]), table);
  }
  t.equal(await page.locator('#colors-summary').textContent(), '2 / 27,951 color cells covered');
  t.equal(await page.locator('canvas[data-opacity="1.0"]').getAttribute('aria-label'), 'opacity 1.0: 1 of 1,331');
  t.same(await cellPixel(page, '1.0', [100, 100, 150]), [100, 100, 150, 255], 'a covered cell in its color');
  t.same(await cellPixel(page, '0.55', [0, 0, 25]), [0, 0, 25, 255]);
  t.same(await cellPixel(page, '1.0', [250, 0, 0]), [0x15, 0x17, 0x1c, 255], 'a missing cell dark');

  await ingest({ static_colors: [{ key: '250,0,0_1.0', r: 252, g: 2, b: 1 }] });
  const item = page.locator('#feed li[data-key="250,0,0_1.0"]');
  await item.waitFor();
  t.match(await item.textContent(), /static_color\/color/);
  t.equal(await page.locator('#feed li').first().getAttribute('data-key'), '250,0,0_1.0', 'newest first');
  await page.locator('canvas[data-opacity="1.0"][aria-label="opacity 1.0: 2 of 1,331"]').waitFor();
  t.same(await cellPixel(page, '1.0', [250, 0, 0]), [250, 0, 0, 255], 'the new cell drawn');
  await page.locator('.card[data-registry="static_color"] .count', { hasText: '3 / 27,951' }).waitFor();
  t.match(await page.locator('#chart-summary').textContent(), /^discoveries since this page opened: 1;/);
  t.equal(await page.locator('.card[data-registry="static_sound"] .badge').count(), 0, 'sound is not complete yet');

  // Every sound key: the sound card says complete, and so does its projection.
  await ingest({ static_sound: allSoundKeys(config.sound.primitives).map((key) => {
    const [amp, tone, timbre] = key.split('_');
    return { key, amplitude: timbre === 'silence' ? 0 : Math.max(0.02, Number(amp)), tone, timbre };
  }) });
  await page.reload();
  await page.locator('.card[data-registry="static_sound"] .badge.complete').waitFor();
  t.match(await page.locator('.card[data-registry="static_sound"] .badge').getAttribute('title'), /^complete since \d{4}-/);
  t.equal(await page.locator('.card[data-registry="static_color"] .badge').count(), 0, 'color is not');

  t.same(errors, [], 'no console errors');
});

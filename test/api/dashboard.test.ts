import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { chromium, type Browser, type Page } from 'playwright-core';
import { narrativeValues, VALUES } from '../../src/base/values.js';
import { declaredName } from '../../src/model/names.js';
import { allSoundKeys } from '../../src/model/sound.js';
import { storeApi } from '../helpers/api.js';

const { config, actor, app } = await storeApi(t);
const CHROMIUM = '/usr/bin/chromium';
const served: { address: string; browser: Browser } = {
  address: await app.listen({ host: '127.0.0.1', port: 0 }),
  browser: await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }),
};
t.teardown(() => served.browser.close());

const [genre] = narrativeValues('genre');
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

const levels = VALUES.static_color.channel_levels;
const nameOf = (key: string) => declaredName('static_color', 'color', key);

/** Where the middle of a cell of the large color plane lies on the canvas (its data attributes give the layout). */
async function cellPoint(page: Page, rgb: number[]): Promise<{ x: number; y: number }> {
  const [ri, gi, bi] = rgb.map((level) => levels.indexOf(level));
  const d = await page.locator('#plane').evaluate((canvas) => ({ ...canvas.dataset }));
  const [cell, gap, label, perRow] = [d.cellPx, d.gapPx, d.labelPx, d.blocksPerRow].map(Number);
  const side = levels.length * cell;
  const x = (gi % perRow) * (side + gap) + bi * cell + cell / 2;
  const y = Math.floor(gi / perRow) * (side + gap + label) + label + ri * cell + cell / 2;
  return { x, y };
}

/** The RGBA of the middle of one cell of the large plane. */
async function cellPixel(page: Page, rgb: number[]): Promise<number[]> {
  const { x, y } = await cellPoint(page, rgb);
  return page.locator('#plane').evaluate((canvas, [x, y]) => Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data as number[]), [x, y]);
}

/** Whether any bar of the discoveries chart has a pixel of this color on its bottom row. */
function barsOfColor(page: Page, rgb: number[]): Promise<number> {
  return page.locator('#chart').evaluate((canvas, rgb) => {
    const row = canvas.getContext('2d').getImageData(0, canvas.height - 18 - 1, canvas.width, 1).data as number[];
    let n = 0;
    for (let x = 0; x < canvas.width; x++) if (row[4 * x] === rgb[0] && row[4 * x + 1] === rgb[1] && row[4 * x + 2] === rgb[2] && row[4 * x + 3] === 255) n += 1;
    return n;
  }, rgb);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);


/** A page that records console errors and the URLs it asks for. */
async function watchedPage(browser: Browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  return { page, errors, requests };
}

t.test('in a browser: the store\'s coverage, its history, the color map, and discoveries as they happen', async (t) => {
  const { page, errors } = await watchedPage(served.browser);
  await page.goto(`${served.address}/`);
  await page.locator('[data-connection="live"]').waitFor();
  await page.locator('html[data-ready="true"]').waitFor();

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
      [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent, (tr.querySelector('summary') ?? tr.lastElementChild)!.textContent]));
    t.same(shown, rows.map(({ name, covered, size, missing }) => [name, `${fmt(covered)} / ${fmt(size)}`, missing === 0 ? 'none' : `${fmt(missing)} missing`]), table);
  }

  // The history, full on first load: the discoveries made before the page opened, and why a registry is not moving.
  const history = json(await app.inject('/api/history?minutes=60'));
  const total = sum(Object.values(history.registries as Record<string, { discoveries: number[] }>).flatMap((r) => r.discoveries));
  t.equal(total, 5, 'the batch ingested before the page opened');
  t.equal(await page.locator('#chart').getAttribute('data-total'), String(total));
  t.ok(Number(await page.locator('#chart').getAttribute('data-minutes')) >= 1, 'a minute with discoveries');
  t.match(await page.locator('#chart-summary').textContent(), new RegExp(`^${total} discoveries in the last 60 min;`));
  t.ok(await barsOfColor(page, [0x5f, 0xb3, 0xff]) > 0, 'a bar of color discoveries is drawn');
  for (const [name, r] of Object.entries(history.registries as Record<string, { count: number; cells: number; why: string | null }>)) {
    t.match(await page.locator(`#coverage-legend li[data-registry="${name}"]`).textContent(), `${fmt(r.count)} / ${fmt(r.cells)}`, name);
    const why = page.locator(`.card[data-registry="${name}"] .why`);
    if (r.why === null) t.equal(await why.isHidden(), true, `${name}: moving, no reason`);
    else t.equal(await why.textContent(), r.why, `${name}: the reason the API gives`);
  }
  t.match(history.registries.narrative.why, /runs no loop/, 'ingested narrative values count for nothing: narrative is not moving');
  t.equal(history.registries.static_color.why, null);
  const progress = json(await app.inject('/api/loop/progress?last=100'));
  t.same(await page.locator('#loop .figures dd').allTextContents(), [
    'not running here', fmt(progress.jobs), fmt(progress.done), fmt(progress.failed), fmt(progress.running), `${fmt(progress.precision_pct)}%`, '–',
    fmt(progress.novel_cells.total), fmt(progress.novel_cells.per_job), fmt(progress.extraction_fps),
  ], 'loop figures as the API gives them');
  t.same(await page.locator('#feed li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-key'))),
    json(await app.inject('/api/history?recent=50')).recent.map((d: { key: string }) => d.key), 'the feed starts with the last discoveries');

  // The color map: one plane large, every plane in the strip.
  t.equal(await page.locator('#colors-summary').textContent(), '2 / 27,951 color cells covered');
  t.equal(await page.locator('#plane').getAttribute('aria-label'), 'opacity 1.0: 1 of 1,331 covered');
  t.ok(Number(await page.locator('#plane').getAttribute('data-cell-px')) >= 6, 'cells of at least 6 px');
  t.equal(await page.locator('.plane-choice').count(), 21);
  t.equal(await page.locator('.plane-choice[data-opacity="0.55"]').getAttribute('aria-label'), 'opacity 0.55: 1 of 1,331');
  t.same(await cellPixel(page, [100, 100, 150]), [100, 100, 150, 255], 'a covered cell in its color');
  t.same(await cellPixel(page, [250, 0, 0]), [0x15, 0x17, 0x1c, 255], 'a missing cell dark');
  await page.locator('.plane-choice[data-opacity="0.55"]').click();
  t.equal(await page.locator('#plane').getAttribute('aria-label'), 'opacity 0.55: 1 of 1,331 covered');
  t.same(await cellPixel(page, [0, 0, 25]), [0, 0, 25, 255]);
  await page.locator('.plane-choice[data-opacity="1.0"]').click();

  // A new discovery: in the feed, the map and the chart within 2 s.
  await ingest({ static_colors: [{ key: '250,0,0_1.0', r: 252, g: 2, b: 1 }] });
  const item = page.locator('#feed li[data-key="250,0,0_1.0"]');
  await item.waitFor({ timeout: 2000 });
  t.match(await item.textContent(), /static_color\/color/);
  t.match(await item.textContent(), nameOf('250,0,0_1.0')!);
  t.equal(await page.locator('#feed li').first().getAttribute('data-key'), '250,0,0_1.0', 'newest first');
  await page.locator('#plane[aria-label="opacity 1.0: 2 of 1,331 covered"]').waitFor({ timeout: 2000 });
  t.same(await cellPixel(page, [250, 0, 0]), [250, 0, 0, 255], 'the new cell drawn');
  await page.locator(`#chart[data-total="${total + 1}"]`).waitFor({ timeout: 2000 });
  await page.locator('.card[data-registry="static_color"] .count', { hasText: '3 / 27,951' }).waitFor({ timeout: 2000 });
  t.equal(await page.locator('.card[data-registry="static_sound"] .badge').count(), 0, 'sound is not complete yet');

  // Every sound key: the sound card says complete, and no reason is given for it.
  await ingest({ static_sound: allSoundKeys(config.sound.primitives).map((key) => {
    const [amp, tone, timbre] = key.split('_');
    return { key, amplitude: timbre === 'silence' ? 0 : Math.max(0.02, Number(amp)), tone, timbre };
  }) });
  await page.reload();
  await page.locator('.card[data-registry="static_sound"] .badge.complete').waitFor();
  await page.locator('html[data-ready="true"]').waitFor();
  t.match(await page.locator('.card[data-registry="static_sound"] .badge').getAttribute('title'), /^complete since \d{4}-/);
  t.equal(await page.locator('.card[data-registry="static_sound"] .why').isHidden(), true);
  t.equal(await page.locator('.card[data-registry="static_color"] .badge').count(), 0, 'color is not');

  t.same(errors, [], 'no console errors');
});

t.test('a color cell shows its key and name when focused or pointed at; the keyboard moves across the plane', async (t) => {
  const { page, errors } = await watchedPage(served.browser);
  await page.goto(`${served.address}/`);
  await page.locator('html[data-ready="true"]').waitFor();
  const info = page.locator('#cell-info');
  const shows = async (key: string, state: string) => {
    await page.locator(`#cell-info[data-key="${key}"]`, { hasText: nameOf(key)! }).waitFor();
    t.equal(await info.textContent(), `${key} ${nameOf(key)} ${state}`, key);
  };
  await page.locator('#plane').focus();
  await shows('0,0,0_1.0', 'missing');
  await page.keyboard.press('ArrowRight');
  await shows('0,0,25_1.0', 'missing');
  await page.keyboard.press('ArrowDown');
  await shows('25,0,25_1.0', 'missing');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await shows('25,0,0_1.0', 'missing');
  await page.keyboard.press('PageDown');
  await page.locator('.plane-choice[data-opacity="0.95"][aria-pressed="true"]').waitFor();
  await shows('25,0,0_0.95', 'missing');
  await page.keyboard.press('PageUp');
  await shows('25,0,0_1.0', 'missing');

  const box = (await page.locator('#plane').boundingBox())!;
  const { x, y } = await cellPoint(page, [100, 100, 150]);
  await page.mouse.move(box.x + x, box.y + y);
  await shows('100,100,150_1.0', 'covered');
  t.equal(nameOf('100,100,150_1.0'), 'Faded Marine');
  t.same(errors, []);
});

t.test('?static=1: one finished frame without the event stream', async (t) => {
  const { page, errors, requests } = await watchedPage(served.browser);
  await page.goto(`${served.address}/?static=1`);
  await page.locator('html[data-ready="true"]').waitFor();
  t.equal(await page.locator('#connection').getAttribute('data-connection'), 'static');
  const { registries } = await actor.coverage();
  t.equal(await page.locator('.card[data-registry="static_color"] .count').textContent(), `${fmt(registries.static_color.count)} / 27,951`);
  t.ok(Number(await page.locator('#chart').getAttribute('data-total')) > 0, 'the history drawn');
  t.notOk(requests.includes('/api/events'), 'no event stream opened');
  t.same(errors, []);

  // The real binary, as a screenshot is taken: it must finish.
  const dir = mkdtempSync(join(tmpdir(), 'motionreg-shot-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const png = join(dir, 'dashboard.png');
  const child = spawn(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--window-size=1280,1600', `--screenshot=${png}`,
    '--virtual-time-budget=8000', `${served.address}/?static=1`], { stdio: 'ignore' });
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearTimeout(killer);
  t.equal(code, 0, 'chromium finished within 20 s');
  const bytes = readFileSync(png);
  t.same([...bytes.subarray(1, 4)], [...Buffer.from('PNG')], 'a PNG');
  t.same([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [1280, 1600], 'of the window size');
});

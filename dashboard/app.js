// The dashboard: reads the JSON API, follows /api/events, and builds the DOM with text nodes only
// (every value from the service goes through `append`/`setAttribute`, never through HTML parsing).

const FEED_CAP = 50;
const CHART_MINUTES = 30;
const CHART_TICK_MS = 15_000;
const REFRESH_MS = 1000;
const LOOP_POLL_MS = 10_000;
const CELL_PX = 4;
const OPEN_MISSING = 20;
const MISSING_CELL = '#15171c';
const TITLES = { static_color: 'Static color', static_sound: 'Static sound', dynamic: 'Dynamic', narrative: 'Narrative' };

const $ = (id) => document.getElementById(id);
const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en'));
const pct = (p) => `${fmt(Math.round(p * 100) / 100)}%`;

/** An element with attributes and children; strings become text nodes. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined && value !== null) el.setAttribute(name, String(value));
  el.append(...children.flat().filter((c) => c !== undefined && c !== null).map((c) => (c instanceof Node ? c : String(c))));
  return el;
}

async function getJson(url) {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  return res.json();
}

function showProblem(err) {
  const el = $('problem');
  el.textContent = err ? `Could not refresh: ${err.message}` : '';
  el.hidden = !err;
}

/** Shows on the page whether a refresh failed. */
const settle = (refresh) => refresh.then(() => showProblem(null), showProblem);

/** Runs `task` at most once per `ms`, however often it is asked for. */
function throttled(task, ms) {
  let timer = null;
  return () => {
    timer ??= setTimeout(() => { timer = null; settle(task()); }, ms);
  };
}

function progress(label, value) {
  return h('div', { class: 'goal' },
    h('span', { class: 'goal-label' }, label),
    h('progress', { max: 100, value, 'aria-label': label }),
    h('span', { class: 'goal-pct' }, pct(value)));
}

/** Missing values, listed open when there are few. */
function missingList(missing) {
  if (missing.length === 0) return h('span', { class: 'done' }, 'none');
  return h('details', { open: missing.length <= OPEN_MISSING ? '' : null }, h('summary', {}, `${fmt(missing.length)} missing`), h('p', { class: 'values' }, missing.join(', ')));
}

function table(caption, head, rows, captionClass) {
  return h('table', {},
    h('caption', { class: captionClass }, caption),
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map(([first, ...rest]) => h('tr', {}, h('th', { scope: 'row' }, first), rest.map((c) => h('td', {}, c))))));
}

// Coverage cards, sound, dynamic and narrative

function combinedPct(spaces = {}) {
  const all = Object.values(spaces);
  const size = all.reduce((n, s) => n + s.size, 0);
  return size === 0 ? 0 : (100 * all.reduce((n, s) => n + s.covered, 0)) / size;
}

/** Progress toward the completion target, and the stretch target when there is one. */
function goals(r) {
  const list = [progress(`target: ${r.complete}`, r.primitive_coverage_pct ?? r.coverage_pct)];
  if (r.stretch) list.push(progress(`stretch: ${r.stretch}`, r.key_coverage_pct ?? combinedPct(r.combinations)));
  return list;
}

function coverageCard(name, r, space) {
  const origins = Object.entries(r.by_origin).map(([origin, n]) => `${origin} ${fmt(n)}`).join(' · ');
  const done = space?.completed_at ? h('span', { class: 'badge complete', title: `complete since ${space.completed_at}` }, 'complete') : null;
  return h('article', { class: 'card', 'data-registry': name },
    h('h3', {}, TITLES[name] ?? name, done ? ' ' : '', done),
    h('p', { class: 'figure' }, h('span', { class: 'count' }, `${fmt(r.count)} / ${fmt(r.cells)}`), h('span', { class: 'pct' }, pct(r.coverage_pct))),
    h('p', { class: 'note' }, `by origin: ${origins}`),
    goals(r));
}

function gapTable(caption, rows) {
  return table(caption, ['name', 'covered', 'progress', 'missing values'], rows.map((row) => [
    row.name, `${fmt(row.covered)} / ${fmt(row.size)}`,
    h('progress', { max: 100, value: row.pct, 'aria-label': `${row.name} ${pct(row.pct)}` }), missingList(row.missing),
  ]), 'visually-hidden');
}

function renderSound(s) {
  $('sound').replaceChildren(
    h('ul', { class: 'chips', 'aria-label': 'sound primitives' }, s.primitives.map((p) => {
      const present = s.primitives_present.includes(p);
      return h('li', { class: present ? 'chip present' : 'chip missing', 'data-primitive': p }, `${p}: ${present ? 'present' : 'missing'}`);
    })),
    h('p', {}, `${fmt(s.count)} / ${fmt(s.cells)} sound keys (${pct(s.key_coverage_pct)}); missing keys: `, missingList(s.missing_keys)));
}

async function refreshCoverage() {
  const report = await getJson('/api/registries/coverage');
  const { registries } = report;
  $('seq').textContent = fmt(report.seq);
  const spaces = new Map(report.completion.spaces.map((sp) => [sp.space, sp]));
  $('coverage').replaceChildren(...Object.entries(registries).map(([name, r]) => coverageCard(name, r, spaces.get(name))));
  renderSound(registries.static_sound);
  $('dynamic').replaceChildren(gapTable('dynamic domains', Object.entries(registries.dynamic.domains).map(([name, d]) =>
    ({ name, covered: d.covered, size: d.size, pct: d.coverage_pct, missing: d.missing }))));
  $('narrative').replaceChildren(gapTable('narrative aspects', Object.entries(registries.narrative.aspects).map(([name, a]) =>
    ({ name, covered: a.count, size: a.origin_size, pct: a.coverage_pct, missing: a.missing }))));
}

// Color map: one canvas per opacity level, red levels down, green × blue levels across

function parseColorKey(key) {
  const m = /^(\d+),(\d+),(\d+)_([\d.]+)$/.exec(key);
  return m && { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), opacity: m[4] };
}

function cellAt(levels, x, y) {
  const n = levels.length;
  const col = Math.floor(x / CELL_PX);
  return { r: levels[Math.floor(y / CELL_PX)], g: levels[Math.floor(col / n)], b: levels[col % n] };
}

function colorGrid(levels, opacity, covered) {
  const n = levels.length;
  const mine = covered.filter((c) => c.opacity === opacity);
  const caption = `opacity ${opacity}: ${fmt(mine.length)} of ${fmt(n ** 3)}`;
  const canvas = h('canvas', { width: n * n * CELL_PX, height: n * CELL_PX, 'data-opacity': opacity, 'data-cell-px': CELL_PX, role: 'img', 'aria-label': caption });
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = MISSING_CELL;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const { r, g, b } of mine) {
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fillRect((levels.indexOf(g) * n + levels.indexOf(b)) * CELL_PX, levels.indexOf(r) * CELL_PX, CELL_PX, CELL_PX);
  }
  const keys = new Set(mine.map(({ r, g, b }) => `${r},${g},${b}`));
  canvas.addEventListener('mousemove', (event) => {
    const box = canvas.getBoundingClientRect();
    const { r, g, b } = cellAt(levels, (event.clientX - box.left) * (canvas.width / box.width), (event.clientY - box.top) * (canvas.height / box.height));
    canvas.title = `${r},${g},${b}_${opacity} ${keys.has(`${r},${g},${b}`) ? 'covered' : 'missing'}`;
  });
  return h('figure', {}, canvas, h('figcaption', {}, caption));
}

async function refreshColors() {
  const cells = await getJson('/api/registries/static_color/cells');
  const covered = cells.covered.map(parseColorKey).filter(Boolean);
  $('colors-summary').textContent = `${fmt(cells.count)} / ${fmt(cells.cells)} color cells covered`;
  $('colormap').replaceChildren(...cells.opacities.map((opacity) => colorGrid(cells.levels, opacity, covered)));
}

// Loop status and progress

function figures(pairs) {
  return h('dl', { class: 'figures' }, pairs.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value))));
}

function duration(seconds) {
  if (seconds === null) return '–';
  if (seconds === 0) return 'done';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return seconds < 86_400 ? `${Math.round(seconds / 360) / 10} h` : `${Math.round(seconds / 8640) / 10} d`;
}

async function refreshLoop() {
  const [status, p] = await Promise.all([getJson('/api/loop/status'), getJson('/api/loop/progress?last=100')]);
  const idle = status.controllers.find((c) => c.idle)?.idle;
  const state = status.stopping ? 'stopping' : status.complete ? 'idle: every space is complete'
    : idle ? `idle: ${idle.detail}` : status.running ? 'running' : 'not running here';
  $('loop').replaceChildren(
    figures([
      ['controllers', state], ['jobs (last 100)', fmt(p.jobs)], ['done', fmt(p.done)], ['failed', fmt(p.failed)], ['running', fmt(p.running)],
      ['precision', pct(p.precision_pct)], ['discovery rate', p.discovery_rate_pct === null ? '–' : pct(p.discovery_rate_pct)],
      ['novel cells', fmt(p.novel_cells.total)], ['novel per job', fmt(p.novel_cells.per_job)], ['extraction fps', fmt(p.extraction_fps)],
    ]),
    table('Projection per registry and combination space', ['space', 'cells / hour', 'ETA', 'state', 'Good-Turing'],
      [...Object.entries(p.registries), ...Object.entries(p.spaces)].map(([name, r]) => [
        TITLES[name] ?? name, fmt(r.cells_per_hour), duration(r.eta_seconds),
        h('span', { class: `state ${r.state}`, title: r.why ?? '' }, r.why ? `${r.state}: ${r.why}` : r.state), fmt(r.good_turing ?? null),
      ])),
    table('Jobs per workflow since the service started', ['workflow', 'running', 'done', 'failed'],
      Object.entries(status.jobs).map(([workflow, j]) => [workflow, fmt(j.running), fmt(j.done), fmt(j.failed)])));
}

// Live feed and the discoveries-per-minute chart

const minuteOf = (ms) => Math.floor(ms / 60_000);
/** Discoveries seen by this page per minute of their time. */
const perMinute = new Map();
let discoveredHere = 0;
let chartQueued = false;

function feedItem(d) {
  const time = new Date(d.at).toLocaleTimeString('en-GB');
  return h('li', { 'data-key': d.key, 'data-registry': d.registry },
    h('time', { datetime: d.at }, time), ' ',
    h('span', { class: 'where' }, `${d.registry}/${d.domain}`), ' ',
    h('strong', {}, d.name), ' ',
    h('code', {}, d.key), ' ',
    h('span', { class: 'note' }, d.origin));
}

function drawChart() {
  const canvas = $('chart');
  const ctx = canvas.getContext('2d');
  const now = minuteOf(Date.now());
  for (const m of perMinute.keys()) if (m <= now - CHART_MINUTES) perMinute.delete(m);
  const counts = Array.from({ length: CHART_MINUTES }, (_, i) => perMinute.get(now - CHART_MINUTES + 1 + i) ?? 0);
  const max = Math.max(1, ...counts);
  const { width, height } = canvas;
  const pad = 18;
  const barWidth = (width - 2 * pad) / CHART_MINUTES;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#9aa4b2';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText(`${fmt(max)} / min`, pad, 12);
  ctx.fillText(`−${CHART_MINUTES} min`, pad, height - 4);
  ctx.fillText('now', width - pad - 20, height - 4);
  ctx.fillStyle = '#5fb3ff';
  counts.forEach((n, i) => {
    const barHeight = (n / max) * (height - 2 * pad);
    ctx.fillRect(pad + i * barWidth + 1, height - pad - barHeight, barWidth - 2, barHeight);
  });
  $('chart-summary').textContent = `discoveries since this page opened: ${fmt(discoveredHere)}; this minute: ${fmt(counts[counts.length - 1])}`;
}

function onDiscovery(d) {
  const feed = $('feed');
  feed.prepend(feedItem(d));
  while (feed.children.length > FEED_CAP) feed.lastElementChild.remove();
  const minute = minuteOf(Date.parse(d.at));
  perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  discoveredHere += 1;
  $('seq').textContent = fmt(d.seq);
  if (!chartQueued) {
    chartQueued = true;
    requestAnimationFrame(() => { chartQueued = false; drawChart(); });
  }
}

function setConnection(state, text) {
  const el = $('connection');
  el.dataset.connection = state;
  el.textContent = text;
}

function follow(coverage, colors, loop) {
  const events = new EventSource('/api/events');
  const payload = (event) => JSON.parse(event.data).data;
  events.addEventListener('open', () => setConnection('live', 'live'));
  events.addEventListener('error', () => setConnection('reconnecting', 'reconnecting…'));
  events.addEventListener('discovery', (event) => onDiscovery(payload(event)));
  events.addEventListener('coverage', (event) => {
    coverage();
    if (payload(event).registry === 'static_color') colors();
  });
  events.addEventListener('loop', loop);
}

const coverage = throttled(refreshCoverage, REFRESH_MS);
const colors = throttled(refreshColors, REFRESH_MS);
const loop = throttled(refreshLoop, REFRESH_MS);
settle(Promise.all([refreshCoverage(), refreshColors(), refreshLoop()]));
drawChart();
follow(coverage, colors, loop);
setInterval(loop, LOOP_POLL_MS);
setInterval(drawChart, CHART_TICK_MS);

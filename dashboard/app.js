// The dashboard: reads the JSON API, follows /api/events, and builds the DOM with text nodes only
// (every value from the service goes through `append`/`setAttribute`, never through HTML parsing).

const FEED_CAP = 50;
const CHART_MINUTES = 60;
const CHART_TICK_MS = 15_000;
const REFRESH_MS = 1000;
const LOOP_POLL_MS = 10_000;
const OPEN_MISSING = 20;
const MISSING_CELL = '#15171c';
const TITLES = { static_color: 'Static color', static_sound: 'Static sound', dynamic: 'Dynamic', narrative: 'Narrative' };
/** `?static=1`: one finished frame and no event stream, for screenshots. */
const STATIC = new URLSearchParams(location.search).get('static') === '1';

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
    goals(r),
    h('p', { class: 'why', hidden: '' }));
}

/** The reason line of each registry that is not moving, from the last history read. */
function showReasons() {
  for (const card of document.querySelectorAll('.card[data-registry]')) {
    const why = storeHistory?.registries[card.dataset.registry]?.why ?? null;
    const line = card.querySelector('.why');
    line.textContent = why ?? '';
    line.hidden = why === null;
  }
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
  showReasons();
  renderSound(registries.static_sound);
  $('dynamic').replaceChildren(gapTable('dynamic domains', Object.entries(registries.dynamic.domains).map(([name, d]) =>
    ({ name, covered: d.covered, size: d.size, pct: d.coverage_pct, missing: d.missing }))));
  $('narrative').replaceChildren(gapTable('narrative aspects', Object.entries(registries.narrative.aspects).map(([name, a]) =>
    ({ name, covered: a.count, size: a.origin_size, pct: a.coverage_pct, missing: a.missing }))));
}

// Color map: a strip of every opacity plane, and the selected plane large. A plane is one block
// per green level (six to a row); in a block, red levels run down and blue levels across.

const PLANE = { cell: 14, gap: 10, label: 14, blocksPerRow: 6 };
const THUMB_PX = 1;

function parseColorKey(key) {
  const m = /^(\d+),(\d+),(\d+)_([\d.]+)$/.exec(key);
  return m && { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), opacity: m[4] };
}

const colorState = {
  levels: [], opacities: [], covered: new Map(),
  opacity: '1.0', cursor: { ri: 0, gi: 0, bi: 0 }, showCursor: false,
  /** Names per opacity plane, fetched when a plane is first shown. */
  names: new Map(),
};

const keyOf = ({ ri, gi, bi }, opacity) => {
  const { levels } = colorState;
  return `${levels[ri]},${levels[gi]},${levels[bi]}_${opacity}`;
};

function blockOrigin(gi) {
  const n = colorState.levels.length;
  const side = n * PLANE.cell;
  return { x: (gi % PLANE.blocksPerRow) * (side + PLANE.gap), y: Math.floor(gi / PLANE.blocksPerRow) * (side + PLANE.gap + PLANE.label) + PLANE.label };
}

/** The cell under a point of the large plane, or null between blocks. */
function cellUnder(x, y) {
  const n = colorState.levels.length;
  const side = n * PLANE.cell;
  const col = Math.floor(x / (side + PLANE.gap));
  const row = Math.floor(y / (side + PLANE.gap + PLANE.label));
  const gi = row * PLANE.blocksPerRow + col;
  if (col >= PLANE.blocksPerRow || gi >= n) return null;
  const origin = blockOrigin(gi);
  const bi = Math.floor((x - origin.x) / PLANE.cell);
  const ri = Math.floor((y - origin.y) / PLANE.cell);
  return bi >= 0 && bi < n && ri >= 0 && ri < n ? { ri, gi, bi } : null;
}

function drawPlane() {
  const { levels, opacity, covered, cursor, showCursor } = colorState;
  const n = levels.length;
  const canvas = $('plane');
  const side = n * PLANE.cell;
  const rows = Math.ceil(n / PLANE.blocksPerRow);
  canvas.width = PLANE.blocksPerRow * side + (PLANE.blocksPerRow - 1) * PLANE.gap;
  canvas.height = rows * (side + PLANE.label) + (rows - 1) * PLANE.gap;
  Object.assign(canvas.dataset, { opacity, cellPx: PLANE.cell, gapPx: PLANE.gap, labelPx: PLANE.label, blocksPerRow: PLANE.blocksPerRow });
  const mine = covered.get(opacity) ?? new Set();
  canvas.setAttribute('aria-label', `opacity ${opacity}: ${fmt(mine.size)} of ${fmt(n ** 3)} covered`);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.font = '11px system-ui, sans-serif';
  levels.forEach((g, gi) => {
    const o = blockOrigin(gi);
    ctx.fillStyle = '#9aa4b2';
    ctx.fillText(`green ${g}`, o.x, o.y - 3);
    ctx.fillStyle = MISSING_CELL;
    ctx.fillRect(o.x, o.y, side, side);
    levels.forEach((r, ri) => levels.forEach((b, bi) => {
      if (!mine.has(`${r},${g},${b}`)) return;
      ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
      ctx.fillRect(o.x + bi * PLANE.cell, o.y + ri * PLANE.cell, PLANE.cell, PLANE.cell);
    }));
  });
  if (showCursor) {
    const o = blockOrigin(cursor.gi);
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.strokeRect(o.x + cursor.bi * PLANE.cell + 1, o.y + cursor.ri * PLANE.cell + 1, PLANE.cell - 2, PLANE.cell - 2);
  }
}

/** Key, name and state of the cell under the cursor. */
function showCell() {
  const { opacity, cursor, levels } = colorState;
  const key = keyOf(cursor, opacity);
  const name = colorState.names.get(opacity)?.[key];
  const covered = colorState.covered.get(opacity)?.has(`${levels[cursor.ri]},${levels[cursor.gi]},${levels[cursor.bi]}`);
  const info = $('cell-info');
  info.dataset.key = key;
  info.replaceChildren(h('code', {}, key), ' ', h('strong', {}, name ?? '…'), ' ', h('span', { class: covered ? 'done' : 'missing' }, covered ? 'covered' : 'missing'));
}

async function loadNames(opacity) {
  if (colorState.names.has(opacity)) return;
  const { names } = await getJson(`/api/registries/static_color/names?opacity=${encodeURIComponent(opacity)}`);
  colorState.names.set(opacity, names);
  if (colorState.showCursor && colorState.opacity === opacity) showCell();
}

function thumbnail(opacity) {
  const { levels, covered } = colorState;
  const n = levels.length;
  const mine = covered.get(opacity) ?? new Set();
  const canvas = h('canvas', { width: n * n * THUMB_PX, height: n * THUMB_PX, 'aria-hidden': 'true' });
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = MISSING_CELL;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const rgb of mine) {
    const [r, g, b] = rgb.split(',').map(Number);
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
    ctx.fillRect((levels.indexOf(g) * n + levels.indexOf(b)) * THUMB_PX, levels.indexOf(r) * THUMB_PX, THUMB_PX, THUMB_PX);
  }
  const selected = opacity === colorState.opacity;
  const button = h('button', { type: 'button', class: 'plane-choice', 'data-opacity': opacity, 'aria-pressed': String(selected), 'aria-label': `opacity ${opacity}: ${fmt(mine.size)} of ${fmt(n ** 3)}` },
    canvas, h('span', {}, `${opacity} · ${fmt(mine.size)}`));
  button.addEventListener('click', () => selectPlane(opacity));
  return button;
}

function renderColors() {
  $('planes').replaceChildren(...colorState.opacities.map(thumbnail));
  drawPlane();
  if (colorState.showCursor) showCell();
}

function selectPlane(opacity) {
  colorState.opacity = opacity;
  renderColors();
  settle(loadNames(opacity));
}

async function refreshColors() {
  const cells = await getJson('/api/registries/static_color/cells');
  const covered = new Map();
  for (const c of cells.covered.map(parseColorKey).filter(Boolean)) {
    if (!covered.has(c.opacity)) covered.set(c.opacity, new Set());
    covered.get(c.opacity).add(`${c.r},${c.g},${c.b}`);
  }
  Object.assign(colorState, { levels: cells.levels, opacities: cells.opacities, covered });
  $('colors-summary').textContent = `${fmt(cells.count)} / ${fmt(cells.cells)} color cells covered`;
  renderColors();
}

function pointAt(event) {
  const canvas = $('plane');
  const box = canvas.getBoundingClientRect();
  const cell = cellUnder((event.clientX - box.left) * (canvas.width / box.width), (event.clientY - box.top) * (canvas.height / box.height));
  if (!cell) return;
  moveCursor(cell);
}

function moveCursor(cell) {
  colorState.cursor = cell;
  colorState.showCursor = true;
  drawPlane();
  showCell();
}

/** Arrow keys move across the plane (wrapping into the neighbouring block); Page Up / Page Down change the opacity level. */
function onPlaneKey(event) {
  const n = colorState.levels.length;
  const { ri, gi, bi } = colorState.cursor;
  const column = gi * n + bi;
  const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
  const rowStep = { ArrowUp: -1, ArrowDown: 1 }[event.key];
  const planeStep = { PageUp: 1, PageDown: -1 }[event.key];
  if (step !== undefined) {
    const next = Math.min(n * n - 1, Math.max(0, column + step));
    moveCursor({ ri, gi: Math.floor(next / n), bi: next % n });
  } else if (rowStep !== undefined) {
    moveCursor({ ri: Math.min(n - 1, Math.max(0, ri + rowStep)), gi, bi });
  } else if (planeStep !== undefined) {
    const i = colorState.opacities.indexOf(colorState.opacity) + planeStep;
    if (i >= 0 && i < colorState.opacities.length) selectPlane(colorState.opacities[i]);
  } else {
    return;
  }
  event.preventDefault();
}

function wirePlane() {
  const canvas = $('plane');
  canvas.addEventListener('mousemove', pointAt);
  canvas.addEventListener('focus', () => { colorState.showCursor = true; drawPlane(); showCell(); settle(loadNames(colorState.opacity)); });
  canvas.addEventListener('mouseenter', () => settle(loadNames(colorState.opacity)));
  canvas.addEventListener('keydown', onPlaneKey);
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

// History: discoveries per minute and coverage over time, from the store, extended by live events

const minuteOf = (ms) => Math.floor(ms / 60_000);
const REGISTRY_NAMES = Object.keys(TITLES);
/** The last /api/history answer. */
let storeHistory = null;
/** Live discoveries and coverage changes the last history read does not hold yet (seq after its seq). */
let live = [];
let chartQueued = false;

/** Reads the history; the first read also fills the feed with the last discoveries. */
async function refreshHistory() {
  const fillFeed = storeHistory === null;
  storeHistory = await getJson(`/api/history?minutes=${CHART_MINUTES}&recent=${fillFeed ? FEED_CAP : 0}`);
  if (fillFeed) {
    const shown = new Set([...$('feed').children].map((li) => li.dataset.seq));
    $('feed').append(...storeHistory.recent.filter((d) => !shown.has(String(d.seq))).map(feedItem));
    trimFeed();
  }
  live = live.filter((e) => e.seq > storeHistory.seq);
  showReasons();
  drawCharts();
}

/** Per registry, discoveries per minute and coverage at each minute's end over the chart's window up to now. */
function series() {
  const last = minuteOf(Date.now());
  const first = last - CHART_MINUTES + 1;
  const start = minuteOf(Date.parse(storeHistory.from));
  const out = {};
  for (const name of REGISTRY_NAMES) {
    const h = storeHistory.registries[name];
    const discoveries = [];
    const coverage = [];
    let carried = h.coverage[Math.min(h.coverage.length - 1, Math.max(0, first - start))];
    for (let m = first; m <= last; m++) {
      const i = m - start;
      const known = i >= 0 && i < h.coverage.length;
      if (known) carried = h.coverage[i];
      discoveries.push(known ? h.discoveries[i] : 0);
      coverage.push(carried);
    }
    out[name] = { cells: h.cells, discoveries, coverage };
  }
  for (const e of live) {
    const i = e.minute - first;
    if (i < 0 || i >= CHART_MINUTES) continue;
    const s = out[e.registry];
    if (!s) continue;
    if (e.kind === 'discovery') s.discoveries[i] += 1;
    else for (let j = i; j < CHART_MINUTES; j++) s.coverage[j] = e.count;
  }
  return out;
}

function axes(ctx, width, height, pad, top) {
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#9aa4b2';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText(top, pad, 12);
  ctx.fillText(`−${CHART_MINUTES} min`, pad, height - 4);
  ctx.fillText('now', width - pad - 20, height - 4);
}

function drawDiscoveries(data) {
  const canvas = $('chart');
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  const pad = 18;
  const totals = Array.from({ length: CHART_MINUTES }, (_, i) => REGISTRY_NAMES.reduce((n, r) => n + data[r].discoveries[i], 0));
  const max = Math.max(1, ...totals);
  const barWidth = (width - 2 * pad) / CHART_MINUTES;
  axes(ctx, width, height, pad, `${fmt(max)} / min`);
  for (let i = 0; i < CHART_MINUTES; i++) {
    let y = height - pad;
    for (const r of REGISTRY_NAMES) {
      const barHeight = (data[r].discoveries[i] / max) * (height - 2 * pad);
      if (barHeight === 0) continue;
      ctx.fillStyle = SERIES_COLORS[r];
      ctx.fillRect(pad + i * barWidth + 1, y - barHeight, Math.max(1, barWidth - 2), barHeight);
      y -= barHeight;
    }
  }
  const total = totals.reduce((a, b) => a + b, 0);
  canvas.dataset.total = total;
  canvas.dataset.minutes = totals.filter((n) => n > 0).length;
  $('chart-summary').textContent = `${fmt(total)} discoveries in the last ${CHART_MINUTES} min; this minute: ${fmt(totals[totals.length - 1])}`;
}

function drawCoverage(data) {
  const canvas = $('coverage-chart');
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  const pad = 18;
  const shares = Object.fromEntries(REGISTRY_NAMES.map((r) => [r, data[r].coverage.map((n) => (data[r].cells === 0 ? 0 : n / data[r].cells))]));
  // The scale reaches just over the highest line, so that small coverage still shows its slope.
  const top = Math.min(1, Math.max(0.01, ...Object.values(shares).flat()) * 1.1);
  axes(ctx, width, height, pad, pct(100 * top));
  canvas.dataset.top = top;
  const step = (width - 2 * pad) / (CHART_MINUTES - 1);
  const legend = [];
  for (const r of REGISTRY_NAMES) {
    const { cells, coverage } = data[r];
    const share = shares[r].map((s) => s / top);
    ctx.strokeStyle = SERIES_COLORS[r];
    ctx.lineWidth = 2;
    ctx.beginPath();
    share.forEach((s, i) => {
      const x = pad + i * step;
      const y = height - pad - s * (height - 2 * pad);
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
    const now = coverage[coverage.length - 1];
    const gained = now - coverage[0];
    legend.push(h('li', { 'data-registry': r },
      h('span', { class: 'swatch' }), ' ',
      `${TITLES[r]}: ${fmt(now)} / ${fmt(cells)} (${pct(cells === 0 ? 0 : (100 * now) / cells)}), +${fmt(gained)} in ${CHART_MINUTES} min`));
  }
  $('coverage-legend').replaceChildren(...legend);
}

/** Each registry's line and bar color, from the style sheet (`--series-<registry>`). */
const seriesColor = (registry) => getComputedStyle(document.documentElement).getPropertyValue(`--series-${registry}`).trim();
const SERIES_COLORS = {};

function drawCharts() {
  if (!storeHistory) return;
  for (const r of REGISTRY_NAMES) SERIES_COLORS[r] ??= seriesColor(r);
  const data = series();
  drawDiscoveries(data);
  drawCoverage(data);
}

function queueCharts() {
  if (chartQueued) return;
  chartQueued = true;
  requestAnimationFrame(() => { chartQueued = false; drawCharts(); });
}

// Live feed

function feedItem(d) {
  const time = new Date(d.at).toLocaleTimeString('en-GB');
  return h('li', { 'data-key': d.key, 'data-registry': d.registry, 'data-seq': d.seq },
    h('time', { datetime: d.at }, time), ' ',
    h('span', { class: 'where' }, `${d.registry}/${d.domain}`), ' ',
    h('strong', {}, d.name), ' ',
    h('code', {}, d.key), ' ',
    h('span', { class: 'note' }, d.origin));
}

function trimFeed() {
  const feed = $('feed');
  while (feed.children.length > FEED_CAP) feed.lastElementChild.remove();
}

function onDiscovery(d) {
  $('feed').prepend(feedItem(d));
  trimFeed();
  $('seq').textContent = fmt(d.seq);
  if (storeHistory === null || d.seq > storeHistory.seq) live.push({ kind: 'discovery', seq: d.seq, registry: d.registry, minute: minuteOf(Date.parse(d.at)) });
  queueCharts();
}

function onCoverage(c) {
  if (storeHistory === null || c.seq > storeHistory.seq) live.push({ kind: 'coverage', seq: c.seq, registry: c.registry, count: c.count, minute: minuteOf(Date.now()) });
  queueCharts();
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
    const c = payload(event);
    onCoverage(c);
    coverage();
    if (c.registry === 'static_color') colors();
  });
  events.addEventListener('loop', loop);
}

wirePlane();
settle(Promise.all([refreshCoverage(), refreshColors(), refreshLoop(), refreshHistory()])).then(() => { document.documentElement.dataset.ready = 'true'; });
if (STATIC) {
  // One finished frame: no event stream and no timers, so a headless screenshot can finish.
  setConnection('static', `snapshot at ${new Date().toLocaleTimeString('en-GB')}`);
} else {
  const coverage = throttled(refreshCoverage, REFRESH_MS);
  const colors = throttled(refreshColors, REFRESH_MS);
  const loop = throttled(() => Promise.all([refreshLoop(), refreshHistory()]), REFRESH_MS);
  follow(coverage, colors, loop);
  setInterval(loop, LOOP_POLL_MS);
  setInterval(drawCharts, CHART_TICK_MS);
}

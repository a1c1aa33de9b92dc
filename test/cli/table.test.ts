import t from 'tap';
import { columns, coverageTable } from '../../src/cli/table.js';
import type { CoverageReport } from '../../src/registry/coverage.js';

t.test('text columns align left, numeric ones right, trailing blanks trimmed', async (t) => {
  t.equal(columns([['name', 'count'], ['alpha', '3'], ['b', '12']], undefined), [
    'name   count',
    'alpha      3',
    'b         12',
  ].join('\n'));
  t.equal(columns([['count', 'name'], ['3', 'alpha'], ['12', 'b']], undefined), [
    'count  name',
    '    3  alpha',
    '   12  b',
  ].join('\n'), 'the last text column is not padded');
});

t.test('what counts as numeric', async (t) => {
  const numeric = ['7', '-3', '+5', '1,234', '12.5', '12.50 %', '12%', '3 s', '4 min', '1.5 h', '2 d', '3/7', '-', '–', 'done'];
  const text = ['abc', '12a', '3 sec', '1/2/3', 'v1', ' ', 'Done'];
  // Under a seven-letter header, a numeric value is padded on the left, text on the right (then trimmed).
  const under = (v: string) => columns([['heading'], [v]], undefined).split('\n')[1];
  for (const v of numeric) t.equal(under(v), v.padStart(7), `"${v}" right-aligned`);
  for (const v of text) t.equal(under(v), v.trimEnd(), `"${v}" left-aligned`);
  t.equal(columns([['a', 'b'], ['x'], ['yy', '9']], undefined), 'a   b\nx\nyy  9', 'a missing cell reads as a dash');
  t.equal(columns([['head', 'n'], ['', '1']], undefined), 'head  n\n      1', 'an empty cell is text');
});

t.test('line breaks and tabs inside a cell become spaces', async (t) => {
  t.equal(columns([['a', 'b'], ['one\ntwo', 'x\ty'], ['p \n  q', 'z']], undefined), 'a        b\none two  x y\np q      z');
});

t.test('a width cuts the widest text column first, down to 12, with an ellipsis', async (t) => {
  const long = 'abcdefghijklmnopqrstuvwxyz0123';
  t.equal(columns([['name', 'n'], [long, '5']], 20), `${'name'.padEnd(17)}  n\n${long.slice(0, 16)}…  5`);
  const out = columns([['name', 'n'], [long, '5']], 16);
  t.equal(out, `${'name'.padEnd(13)}  n\nabcdefghijkl…  5`);
  t.ok(out.split('\n').every((l) => l.length <= 16));

  // Two text columns: the wider gives way first, then the other.
  const a = 'A'.repeat(20);
  const b = 'B'.repeat(18);
  const lines = columns([['a', 'b'], [a, b]], 30).split('\n');
  t.same(lines, ['a             b', `${'A'.repeat(11)}…  ${'B'.repeat(15)}…`]);
  t.equal(lines[1].length, 30);
  t.equal(columns([['a', 'b'], [a, b]], 40), `a                     b\n${a}  ${b}`, 'wide enough: nothing is cut');
});

t.test('what cannot fit at 12 columns is cut at the width', async (t) => {
  const out = columns([['text', 'number'], ['x'.repeat(20), '123456789012345']], 20);
  t.same(out.split('\n'), [`text${' '.repeat(15)}…`, `${'x'.repeat(11)}…  12345…`]);
  t.equal(columns([['a', 'b'], ['xyz', '1']], 1), 'a\nx', 'a width of 1 keeps one character, without an ellipsis');
  t.equal(columns([['number'], ['123']], 0), '\n', 'width 0 keeps nothing');
});

t.test('a path keeps its end', async (t) => {
  const path = 'data/clips/abcdefghij/clip-0001.mp4';
  t.equal(columns([['file', 'n'], [path, '1']], 16), `${'file'.padEnd(13)}  n\n…lip-0001.mp4  1`);
  t.equal(columns([['file', 'n'], ['not a/path here at all!!', '1']], 16), `${'file'.padEnd(13)}  n\nnot a/path h…  1`, 'text with spaces keeps its start');
});

t.test('coverageTable', async (t) => {
  const domain = (covered: number, size: number) => ({ covered, size, coverage_pct: (100 * covered) / size });
  const report = {
    completion: {
      complete: false,
      spaces: [
        { space: 'static_color', required: true, completed_at: null, count: 10, cells: 40 },
        { space: 'static_sound', required: true, completed_at: '2024-01-01T00:00:00.000Z', count: 4, cells: 4 },
        { space: 'dynamic', required: true, completed_at: null, count: 3, cells: 5 },
        { space: 'narrative', required: true, completed_at: null, count: 2, cells: 2 },
        { space: 'dynamic.pair', required: false, completed_at: null, count: 0, cells: 4 },
      ],
    },
    registries: {
      static_color: { count: 10, cells: 40, coverage_pct: 25 },
      static_sound: {
        count: 4, cells: 4, key_coverage_pct: 100, primitives: ['silence', 'tone'], primitives_present: ['tone'],
        primitive_coverage_pct: 50, primitives_missing: ['silence'],
      },
      dynamic: { count: 3, cells: 5, coverage_pct: 60, domains: { speed: domain(3, 5) }, combinations: { pair: domain(0, 4) } },
      narrative: {
        count: 2, cells: 2, coverage_pct: 100, aspects: { mood: { count: 2, origin_size: 2, coverage_pct: 100 } },
        combinations: {}, narrative_min_coverage_pct: 100,
      },
    },
  } as unknown as CoverageReport;
  t.equal(coverageTable(report), [
    'registry / part               count  cells  coverage  status',
    'static_color                     10     40   25.00 %  in progress',
    'static_sound (keys)               4      4  100.00 %  complete',
    'static_sound (primitives)         1      2   50.00 %',
    'dynamic (canonical values)        3      5   60.00 %  in progress',
    '  speed                           3      5   60.00 %',
    '  pair (combination)              0      4    0.00 %  not a target',
    'narrative (canonical values)      2      2  100.00 %  in progress',
    '  mood                            2      2  100.00 %',
    '',
    'not complete yet: static_color 10/40, dynamic 3/5',
    'sound primitives missing: silence',
    'narrative minimum aspect coverage: 100.00 %',
  ].join('\n'));

  const done = {
    ...report,
    completion: { complete: true, spaces: [] },
    registries: { ...report.registries, static_sound: { ...report.registries.static_sound, primitives_missing: [] } },
  } as unknown as CoverageReport;
  const tail = coverageTable(done).split('\n').slice(-3);
  t.same(tail, ['every space the service completes is complete', 'sound primitives missing: none', 'narrative minimum aspect coverage: 100.00 %']);
});

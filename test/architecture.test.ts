import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * The floors of `src/`, lowest first. A file may import from its own floor and the floors below,
 * never from one above. `service.ts` and `index.ts` are the package's two entries, over all of them.
 */
const FLOORS = ['base', 'model', 'canon', 'media', 'extract', 'create', 'registry', 'events', 'loop', 'work', 'app', 'api', 'cli', 'service.ts', 'index.ts'];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import and re-export of a file, static or dynamic, type-only included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)];
  return specs.map((m) => normalize(join(dirname(file), (m[1] ?? m[2]).replace(/\.js$/, '.ts'))));
}

const floorOf = (file: string) => FLOORS.indexOf(relative(SRC, file).split('/')[0]);

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

t.test('every file of src/ sits on a floor', async (t) => {
  t.same(files.filter((f) => floorOf(f) < 0).map((f) => relative(SRC, f)), []);
});

t.test('no import reaches a floor above its own', async (t) => {
  const upward = [...graph].flatMap(([from, targets]) =>
    targets.filter((to) => floorOf(to) > floorOf(from)).map((to) => `${relative(SRC, from)} → ${relative(SRC, to)}`));
  t.same(upward, []);
});

t.test('every import names a file that exists', async (t) => {
  const missing = [...graph].flatMap(([from, targets]) => targets.filter((to) => !graph.has(to)).map((to) => `${relative(SRC, from)} → ${relative(SRC, to)}`));
  t.same(missing, []);
});

t.test('the import graph has no cycle', async (t) => {
  // Tarjan's strongly connected components: any component of more than one file is a cycle.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(relative(SRC, w));
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  t.same(cycles, []);
});

t.test('the checks see what they check', async (t) => {
  // A floor list or import pattern that matched nothing would pass every test above.
  t.ok(files.length > 100, `${files.length} source files`);
  t.ok([...graph.values()].flat().length > 500, 'relative imports found');
  t.ok(FLOORS.filter((floor) => !floor.endsWith('.ts')).every((floor) => files.some((f) => relative(SRC, f).startsWith(floor + '/'))), 'every floor has files');
});

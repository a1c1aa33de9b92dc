import t from 'tap';
import { STREAM_SUBJECTS, SUBJECTS, subjectMatches } from '../../src/events/subjects.js';

t.test('subject strings', async (t) => {
  t.equal(SUBJECTS.discovery('dynamic', 'gradient_type'), 'registry.discovery.dynamic.gradient_type');
  t.equal(SUBJECTS.retraction('static_color', 'color'), 'registry.retracted.static_color.color');
  t.equal(SUBJECTS.coverage('static_sound'), 'registry.coverage.static_sound');
  t.equal(SUBJECTS.complete('static_color'), 'registry.complete.static_color');
  t.equal(SUBJECTS.complete('dynamic.gradient_camera'), 'registry.complete.dynamic.gradient_camera');
  t.equal(SUBJECTS.loop('job.done'), 'loop.job.done');
  t.equal(SUBJECTS.loop('idle'), 'loop.idle');
  t.equal(SUBJECTS.loop('>'), 'loop.>');
  t.equal(SUBJECTS.allRegistry, 'registry.>');
  t.equal(SUBJECTS.allDiscoveries, 'registry.discovery.>');
  t.equal(SUBJECTS.allRetractions, 'registry.retracted.>');
  t.equal(SUBJECTS.allCoverage, 'registry.coverage.>');
  t.equal(SUBJECTS.allComplete, 'registry.complete.>');
  t.same(STREAM_SUBJECTS, ['registry.>', 'loop.>']);
});

t.test('each wildcard subject catches its own kind only', async (t) => {
  const published = {
    discovery: SUBJECTS.discovery('narrative', 'mood'),
    retraction: SUBJECTS.retraction('narrative', 'mood'),
    coverage: SUBJECTS.coverage('narrative'),
    complete: SUBJECTS.complete('narrative.genre_mood_themes'),
    loop: SUBJECTS.loop('job.started'),
  };
  const caught = (pattern: string) => Object.entries(published).filter(([, s]) => subjectMatches(pattern, s)).map(([k]) => k);
  t.same(caught(SUBJECTS.allDiscoveries), ['discovery']);
  t.same(caught(SUBJECTS.allRetractions), ['retraction']);
  t.same(caught(SUBJECTS.allCoverage), ['coverage']);
  t.same(caught(SUBJECTS.allComplete), ['complete']);
  t.same(caught(SUBJECTS.loop('>')), ['loop']);
  t.same(caught(SUBJECTS.allRegistry), ['discovery', 'retraction', 'coverage', 'complete']);
  t.same(STREAM_SUBJECTS.flatMap(caught), Object.keys(published), 'the stream captures everything published');
});

t.test('subjectMatches: literal tokens', async (t) => {
  t.ok(subjectMatches('a.b', 'a.b'));
  t.notOk(subjectMatches('a.b', 'a.c'));
  t.notOk(subjectMatches('a.b', 'a.b.c'), 'a longer subject');
  t.notOk(subjectMatches('a.b.c', 'a.b'), 'a shorter subject');
  t.notOk(subjectMatches('a.b', 'a.bc'));
  t.notOk(subjectMatches('a', 'A'), 'case matters');
});

t.test('subjectMatches: * is exactly one token', async (t) => {
  t.ok(subjectMatches('a.*', 'a.b'));
  t.notOk(subjectMatches('a.*', 'a'));
  t.notOk(subjectMatches('a.*', 'a.b.c'));
  t.ok(subjectMatches('*.b.*', 'x.b.y'));
  t.notOk(subjectMatches('*.b.*', 'x.c.y'));
  t.ok(subjectMatches('*', 'anything'));
  t.notOk(subjectMatches('*', 'two.tokens'));
});

t.test('subjectMatches: > is one or more trailing tokens', async (t) => {
  t.ok(subjectMatches('a.>', 'a.b'));
  t.ok(subjectMatches('a.>', 'a.b.c.d'));
  t.notOk(subjectMatches('a.>', 'a'), 'at least one token');
  t.notOk(subjectMatches('a.>', 'b.c'));
  t.ok(subjectMatches('>', 'a'));
  t.ok(subjectMatches('>', 'a.b.c'));
  t.ok(subjectMatches('*.b.>', 'x.b.c'));
  t.notOk(subjectMatches('*.b.>', 'x.b'));
  t.notOk(subjectMatches('a.>.c', 'a.x.y'), '> only as the last token, as in NATS');
});

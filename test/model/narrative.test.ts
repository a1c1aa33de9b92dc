import t from 'tap';
import { isDeclaredNarrativeKey, isNarrativeAspect, narrativeKey } from '../../src/model/narrative.js';

t.test('aspects are the narrative aspect names, not their canonical lists', async (t) => {
  for (const aspect of ['genre', 'mood', 'style', 'plots', 'settings', 'themes', 'scene_type']) t.ok(isNarrativeAspect(aspect), aspect);
  t.notOk(isNarrativeAspect('tone'), 'the list mood reads');
  t.notOk(isNarrativeAspect('tension_curve'), 'the list plots read');
  t.notOk(isNarrativeAspect('genre_mood_themes'), 'a combination space');
  t.notOk(isNarrativeAspect('Genre'));
  t.notOk(isNarrativeAspect(''));
});

t.test('narrativeKey trims and lower-cases, nothing else', async (t) => {
  t.equal(narrativeKey('  Dark '), 'dark');
  t.equal(narrativeKey('SLOW_BUILD'), 'slow_build');
  t.equal(narrativeKey('film noir'), 'film noir', 'inner spaces stay');
  t.equal(narrativeKey('\tthriller\n'), 'thriller');
  t.equal(narrativeKey(''), '');
});

t.test('isDeclaredNarrativeKey looks in the aspect\'s canonical list', async (t) => {
  t.ok(isDeclaredNarrativeKey('mood', 'dark'));
  t.ok(isDeclaredNarrativeKey('plots', 'slow_build'));
  t.ok(isDeclaredNarrativeKey('genre', 'thriller'));
  t.notOk(isDeclaredNarrativeKey('mood', 'Dark'), 'keys are already normalized');
  t.notOk(isDeclaredNarrativeKey('genre', 'dark'), 'another aspect\'s value');
  t.notOk(isDeclaredNarrativeKey('mood', 'radiant'));
  t.throws(() => isDeclaredNarrativeKey('weather', 'sunny'), { message: 'no canonical list for narrative aspect weather' });
});

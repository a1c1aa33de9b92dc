import t from 'tap';
import { TemplateBandit } from '../../src/loop/bandit.js';
import { mulberry32 } from '../../src/base/random.js';

t.test('no runs, no template', async (t) => {
  t.equal(new TemplateBandit([]).choose(mulberry32(1)), null);
});

t.test('the best-paying template wins once every arm has been tried often', async (t) => {
  const runs = [
    ...Array.from({ length: 30 }, () => ({ template: 'a', reward: 2 })),
    ...Array.from({ length: 30 }, () => ({ template: 'b', reward: 10 })),
    ...Array.from({ length: 30 }, () => ({ template: 'c', reward: 1 })),
  ];
  const bandit = new TemplateBandit(runs);
  t.equal(bandit.choose(mulberry32(1)), 'b');
  t.same(bandit.ranking().map((a) => a.template), ['b', 'a', 'c']);
  t.equal(bandit.ranking()[0].mean, 10);
});

t.test('a rarely tried template gets its exploration bonus', async (t) => {
  const runs = [
    ...Array.from({ length: 50 }, () => ({ template: 'known', reward: 5 })),
    { template: 'new', reward: 4 },
  ];
  t.equal(new TemplateBandit(runs).choose(mulberry32(1)), 'new');
});

t.test('runs without a template are ignored', async (t) => {
  const bandit = new TemplateBandit([{ template: undefined, reward: 3 }, { template: 'x', reward: 1 }]);
  t.equal(bandit.size, 1);
});

import type { LearningRun } from '../registry/jobs.js';

export interface ArmStats {
  template: string;
  runs: number;
  /** Mean novel observed cells per second of video. */
  mean: number;
}

/**
 * A UCB1 bandit over spec templates, rebuilt from the stored learning runs (so it survives
 * restarts): reward is novel observed cells per second of rendered video. Rewards are scaled by
 * the best mean so that the exploration bonus keeps its meaning as discoveries thin out.
 */
export class TemplateBandit {
  private readonly arms = new Map<string, { runs: number; total: number }>();
  private pulls = 0;

  constructor(runs: Iterable<Pick<LearningRun, 'template' | 'reward'>>, private readonly exploration = Math.SQRT2) {
    for (const run of runs) if (run.template) this.add(run.template, run.reward);
  }

  add(template: string, reward: number): void {
    const arm = this.arms.get(template) ?? { runs: 0, total: 0 };
    arm.runs += 1;
    arm.total += reward;
    this.arms.set(template, arm);
    this.pulls += 1;
  }

  get size(): number {
    return this.arms.size;
  }

  /** Arms by mean reward, best first. */
  ranking(): ArmStats[] {
    return [...this.arms].map(([template, a]) => ({ template, runs: a.runs, mean: a.total / a.runs }))
      .sort((x, y) => y.mean - x.mean || x.template.localeCompare(y.template));
  }

  /** The template with the highest upper confidence bound; null before any run; ties broken by `rng`. */
  choose(rng: () => number): string | null {
    const ranked = this.ranking();
    if (ranked.length === 0) return null;
    const scale = ranked[0].mean > 0 ? ranked[0].mean : 1;
    let best: string | null = null;
    let bestScore = -Infinity;
    for (const arm of ranked) {
      const score = arm.mean / scale + this.exploration * Math.sqrt(Math.log(this.pulls) / arm.runs) + rng() * 1e-9;
      if (score > bestScore) {
        bestScore = score;
        best = arm.template;
      }
    }
    return best;
  }
}

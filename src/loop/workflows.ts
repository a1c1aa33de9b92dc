import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { MotionRegistryError } from '../base/errors.js';
import { CONFIG_DIR } from '../base/paths.js';
import { STRATEGIES, type StrategyName } from './strategy-names.js';

export const EXTRACTION_FOCUS = ['frame', 'window', 'all'] as const;
export const STATIC_FOCUS = ['color', 'sound', 'both'] as const;

export interface Workflow {
  name: string;
  /** 0 explore only, 1 exploit only, null: the loop's base ratio with its adjustments and caps. */
  exploit_ratio: number | null;
  extraction_focus: (typeof EXTRACTION_FOCUS)[number];
  static_focus: (typeof STATIC_FOCUS)[number];
  delay_seconds: number;
  clip_seconds: number;
  /** The strategies its scheduler may pick from. */
  strategies: StrategyName[];
  /** Controllers run side by side (default 1): one job renders while another extracts. */
  controllers?: number;
}

export const WORKFLOWS_FILE = join(CONFIG_DIR, 'workflows.yaml');
/** What `start` and `loop` run by default: every strategy, picked by what completes fastest. */
export const DEFAULT_WORKFLOWS: readonly string[] = ['complete'];

const WORKFLOW_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['exploit_ratio', 'extraction_focus', 'static_focus', 'delay_seconds', 'clip_seconds', 'strategies'],
  properties: {
    exploit_ratio: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    extraction_focus: { enum: [...EXTRACTION_FOCUS] },
    static_focus: { enum: [...STATIC_FOCUS] },
    delay_seconds: { type: 'number', minimum: 0, maximum: 86400 },
    clip_seconds: { type: 'number', exclusiveMinimum: 0, maximum: 600 },
    strategies: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...STRATEGIES] } },
    controllers: { type: 'integer', minimum: 1, maximum: 64 },
  },
};

const FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['workflows'],
  properties: {
    workflows: {
      type: 'object',
      required: ['complete', 'explorer', 'exploiter', 'balanced', 'sweep'],
      propertyNames: { pattern: '^[a-z][a-z0-9_-]*$' },
      additionalProperties: WORKFLOW_SCHEMA,
    },
  },
};

const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(FILE_SCHEMA);

function problemsOf(errors: typeof validate.errors): string[] {
  return [...new Set((errors ?? []).map((e) => {
    const at = e.instancePath.slice(1).replaceAll('/', '.');
    if (e.keyword === 'enum') return `"${at}" must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    if (e.keyword === 'additionalProperties') {
      return `unknown option "${(e.params as { additionalProperty: string }).additionalProperty}" in "${at}"; allowed: ${Object.keys(WORKFLOW_SCHEMA.properties).join(', ')}`;
    }
    if (e.keyword === 'required') return `"${at || 'workflows'}" is missing "${(e.params as { missingProperty: string }).missingProperty}"`;
    return `"${at}" ${e.message ?? 'is invalid'}`;
  }))];
}

/** Reads and validates the workflows file; every problem is named in one CONFIG_INVALID. */
export function loadWorkflows(file = WORKFLOWS_FILE): Map<string, Workflow> {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MotionRegistryError('CONFIG_INVALID', `cannot read workflows from ${file}: ${(err as Error).message}`, { file });
  }
  if (!validate(doc)) {
    const problems = problemsOf(validate.errors);
    throw new MotionRegistryError('CONFIG_INVALID', `invalid workflows in ${file}: ${problems.join('; ')}`, { file, problems });
  }
  const workflows = (doc as { workflows: Record<string, Omit<Workflow, 'name'>> }).workflows;
  return new Map(Object.entries(workflows).map(([name, w]) => [name, { name, ...w }]));
}

/** The named workflows, in order; an unknown name is a start-up error listing the known ones. */
export function selectWorkflows(all: ReadonlyMap<string, Workflow>, names: readonly string[]): Workflow[] {
  return names.map((name) => {
    const workflow = all.get(name);
    if (!workflow) {
      throw new MotionRegistryError('CONFIG_INVALID', `unknown workflow "${name}"; allowed: ${[...all.keys()].join(', ')}`, { workflow: name, allowed: [...all.keys()] });
    }
    return workflow;
  });
}

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { MotionRegistryError } from './errors.js';
import { CONFIG_DIR } from './paths.js';
import { CONFIG_SCHEMA, type Config } from './config-schema.js';
import { COMBINATION_SEPARATOR, VALUES } from './values.js';


export const ENV_PREFIX = 'MOTION_REGISTRY_';

export interface LoadOptions {
  /** A YAML file merged over the defaults. */
  file?: string;
  /** Environment to read overrides from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Last-applied overrides, e.g. from CLI flags. */
  overrides?: Record<string, unknown>;
  /**
   * Merge the settings `motion-registry bench --tune` measured for this machine, from
   * `<data_dir>/tuning.yaml`, over the defaults and under everything else.
   */
  tuned?: boolean;
}

/** The file in a data dir where `bench --tune` keeps the settings it measured fastest. */
export const TUNING_FILE = 'tuning.yaml';

type Tree = Record<string, unknown>;

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isTree(v) && isTree(base[k]) && Object.keys(base[k] as Tree).length > 0 ? merge(base[k] as Tree, v) : v;
  }
  return out;
}

function readYaml(path: string): Tree {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new MotionRegistryError('CONFIG_UNREADABLE', `cannot read config file ${path}: ${(err as Error).message}`, { file: path });
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    // The parser's message ends in a code frame over several lines; its first line names the line and column.
    const at = err instanceof YAMLParseError ? { line: err.linePos?.[0].line, column: err.linePos?.[0].col } : {};
    throw new MotionRegistryError('CONFIG_INVALID', `config file ${path} is not valid YAML: ${(err as Error).message.split('\n')[0].replace(/:$/, '')}`, { file: path, ...at });
  }
  if (doc === null || doc === undefined) return {};
  if (!isTree(doc)) throw new MotionRegistryError('CONFIG_INVALID', `config file ${path} must hold a mapping at top level`, { file: path });
  return doc;
}

/** `MOTION_REGISTRY_LEARNING__MAX_FRAMES=0` → { learning: { max_frames: 0 } }; values parse as YAML scalars. */
function envOverrides(env: NodeJS.ProcessEnv): Tree {
  const out: Tree = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const path = name.slice(ENV_PREFIX.length).toLowerCase().split('__');
    let node = out;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Tree;
    node[path[path.length - 1]] = raw === '' ? '' : parseYaml(raw);
  }
  if (env.NATS_URL !== undefined && !(ENV_PREFIX + 'BUS__NATS_URL' in env)) {
    out.bus = { ...(out.bus as Tree | undefined), nats_url: env.NATS_URL };
  }
  if (env.API_TOKEN) {
    const api = (out.api ??= {}) as Tree;
    api.tokens = { ...(api.tokens as Tree | undefined), default: env.API_TOKEN };
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile<Config>(CONFIG_SCHEMA);

function describe(e: ErrorObject): string {
  const at = e.instancePath.slice(1).replaceAll('/', '.');
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (at ? at + '.' : '') + (e.params as { additionalProperty: string }).additionalProperty;
      return `unknown key "${key}"`;
    }
    case 'enum':
      return `"${at}" must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'propertyNames':
      return `"${at}" has an unknown name "${(e.params as { propertyName: string }).propertyName}"`;
    case 'required':
      return `missing key "${(at ? at + '.' : '') + (e.params as { missingProperty: string }).missingProperty}"`;
    default:
      return `"${at}" ${e.message ?? 'is invalid'}`;
  }
}

/** Throws CONFIG_INVALID naming every bad key and, where there is a fixed set, its allowed values. */
export function validateConfig(candidate: unknown): Config {
  if (!validate(candidate)) {
    const problems = (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(describe);
    const unique = [...new Set(problems)];
    throw new MotionRegistryError('CONFIG_INVALID', `invalid configuration: ${unique.join('; ')}`, { problems: unique });
  }
  const config = candidate as Config;
  for (const [domain, values] of Object.entries(config.dynamic.intended_only)) {
    const parts = VALUES.dynamic_combinations[domain];
    const allowed = parts ? parts.map((part) => VALUES.dynamic[part]) : [VALUES.dynamic[domain]];
    for (const value of Object.keys(values)) {
      const given = value.split(COMBINATION_SEPARATOR);
      if (given.length !== allowed.length || given.some((v, i) => !(allowed[i].includes(v) || (parts && v === '*')))) {
        throw new MotionRegistryError(
          'CONFIG_INVALID',
          `invalid configuration: "dynamic.intended_only.${domain}" has unknown value "${value}"; allowed: ${parts
            ? `${parts.join(COMBINATION_SEPARATOR)} with one value or * per part` : allowed[0].join(', ')}`,
        );
      }
    }
  }
  if (!isLoopback(config.api.host) && Object.keys(config.api.tokens).length === 0) {
    throw new MotionRegistryError('CONFIG_INVALID', `invalid configuration: "api.host" ${config.api.host} is reachable from other machines; set API_TOKEN (or api.tokens) so that only clients with a token can write`);
  }
  return config;
}

/** Hosts only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function loadConfig(options: LoadOptions = {}): Config {
  const defaults = readYaml(join(CONFIG_DIR, 'default.yaml'));
  const layers = [
    ...(options.file ? [readYaml(options.file)] : []),
    envOverrides(options.env ?? process.env),
    ...(options.overrides ? [options.overrides] : []),
  ];
  let tree = layers.reduce(merge, defaults);
  if (options.tuned) {
    const tuning = join(resolve(String(tree.data_dir)), TUNING_FILE);
    if (existsSync(tuning)) tree = layers.reduce(merge, merge(defaults, readYaml(tuning)));
  }
  return validateConfig(tree);
}

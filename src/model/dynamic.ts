import { VALUES } from '../base/values.js';
import { crossProduct } from './combination.js';

/** Fields a dynamic observation may carry beside its canonical value. */
export interface DynamicFields {
  strength?: number;
  speed?: string;
  steadiness?: string;
}

export function isCombinationDomain(domain: string): boolean {
  return Object.hasOwn(VALUES.dynamic_combinations, domain);
}

export function isDynamicDomain(domain: string): boolean {
  return Object.hasOwn(VALUES.dynamic_domains, domain) || isCombinationDomain(domain);
}

/** The canonical values (coverage units) of a domain or combination space. */
export function dynamicValues(domain: string): string[] {
  const parts = VALUES.dynamic_combinations[domain];
  if (!parts) return VALUES.dynamic[domain] ?? [];
  return crossProduct(parts.map((part) => VALUES.dynamic[part]));
}

/** A gradient's strength is kept in hundredths (its entry key prints two decimals). */
export const STRENGTH_STEPS = 100;

/**
 * Entry key of a dynamic observation: `{value}_{strength 2dp}` for gradients,
 * `{motion}_{speed}_{steadiness}` for camera moves, the value itself elsewhere.
 */
export function dynamicKey(domain: string, value: string, fields: DynamicFields = {}): string {
  if (domain === 'gradient_type') return `${value}_${clampUnit(fields.strength ?? 0).toFixed(2)}`;
  if (domain === 'camera_motion') return `${value}_${fields.speed ?? 'medium'}_${fields.steadiness ?? 'stable'}`;
  return value;
}

function clampUnit(v: number): number {
  return Math.min(1, Math.max(0, v));
}

/** The canonical value an entry key of a domain stands for, or null when the key has no such form. */
export function canonicalOfKey(domain: string, key: string): string | null {
  if (domain === 'gradient_type') return /^(.+)_(0\.\d\d|1\.00)$/.exec(key)?.[1] ?? null;
  if (domain === 'camera_motion') {
    const parts = key.split('_');
    return parts.length >= 3 ? parts.slice(0, -2).join('_') : null;
  }
  return key;
}

/** Every entry key of a domain's declared space (strength in hundredths for gradients). */
export function allDynamicKeys(domain: string): string[] {
  const values = dynamicValues(domain);
  if (domain === 'gradient_type') {
    return values.flatMap((v) => Array.from({ length: STRENGTH_STEPS + 1 }, (_, i) => dynamicKey(domain, v, { strength: i / STRENGTH_STEPS })));
  }
  if (domain === 'camera_motion') {
    return values.flatMap((v) => VALUES.dynamic.camera_speed.flatMap((speed) =>
      VALUES.dynamic.camera_steadiness.map((steadiness) => dynamicKey(domain, v, { speed, steadiness }))));
  }
  return values;
}

/** Whether a key belongs to the domain's declared space. */
export function isDeclaredDynamicKey(domain: string, key: string): boolean {
  const canonical = canonicalOfKey(domain, key);
  if (canonical === null || !dynamicValues(domain).includes(canonical)) return false;
  if (domain === 'camera_motion') {
    const [speed, steadiness] = key.split('_').slice(-2);
    return VALUES.dynamic.camera_speed.includes(speed) && VALUES.dynamic.camera_steadiness.includes(steadiness);
  }
  return true;
}

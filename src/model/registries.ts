/** The four registries, in the order they are reported. */
export const REGISTRIES = ['static_color', 'static_sound', 'dynamic', 'narrative'] as const;
export type RegistryName = (typeof REGISTRIES)[number];
/** The one domain of each static registry. */
export const COLOR_DOMAIN = 'color';
export const SOUND_DOMAIN = 'sound';

export function isRegistryName(name: string): name is RegistryName {
  return (REGISTRIES as readonly string[]).includes(name);
}

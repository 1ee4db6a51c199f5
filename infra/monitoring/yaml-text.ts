import { stringify } from 'yaml';

const HEADER = '# Rendered by infra/monitoring from the stack config. Do not edit: change the TypeScript.\n';

/** Deterministic YAML for rendered config files (no anchors, stable line width). */
export function toYaml(value: unknown): string {
  return HEADER + stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
}

/**
 * One line per policy config option: its JSON-schema type, its default (from the policy's
 * `*_DEFAULTS`, so the schema and `configOf` never disagree) and what it means.
 */
export const booleanOption = (defaultValue: boolean, description: string) =>
  ({ type: 'boolean', default: defaultValue, description }) as const;

export const integerOption = (defaultValue: number, minimum: number, description: string) =>
  ({ type: 'integer', minimum, default: defaultValue, description }) as const;

export const stringOption = (defaultValue: string, description: string) =>
  ({ type: 'string', default: defaultValue, description }) as const;

export const stringListOption = (defaultValue: readonly string[], description: string) =>
  ({ type: 'array', items: { type: 'string' }, default: [...defaultValue], description }) as const;

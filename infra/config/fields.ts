import { z } from 'zod';

/** An object that refuses fields it does not know (each is reported with a did-you-mean). */
export const strictObject = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

/** A field that may be left out: it has a default or is optional. */
type Defaulted = z.ZodDefault | z.ZodPrefault | z.ZodOptional;

/**
 * An object whose fields may all be left out. Left out itself, it parses as `{}`, so each field's own
 * default applies: a default is stated once, on its field.
 */
export const section = <T extends Record<string, Defaulted>>(shape: T) =>
  // `{}` is valid input for every such shape; TypeScript cannot see it through the generic.
  strictObject(shape).prefault({} as z.input<z.ZodObject<T>>);

/** The schema inside `.default()`, `.prefault()` and `.optional()`. */
export function innerSchema(schema: unknown): unknown {
  while (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodOptional) {
    schema = schema.unwrap();
  }
  return schema;
}

interface IntegerOptions {
  /** Shown after the bounds; without one the value is a plain count. */
  readonly unit?: 'MiB' | 'GiB' | '%';
  /** Why the minimum is what it is, told when a value is below it; each bound is then reported on its own. */
  readonly hint?: string;
  /**
   * The maximum is only a sanity cap: a value of the wrong type is told the minimum alone, and each
   * bound is reported on its own.
   */
  readonly capped?: boolean;
}

/** A whole number from min to max, whose messages name the range and the unit. */
export function integerIn(min: number, max: number, { unit, hint, capped = false }: IntegerOptions = {}) {
  const what = unit === undefined ? 'number' : unit === '%' ? 'percentage' : `number of ${unit}`;
  const inUnit = unit === undefined ? '' : ` (${unit})`;
  const notWhole = capped
    ? `must be a whole ${what}, at least ${min}`
    : `must be a whole ${what} from ${min} to ${max}`;
  const boundByBound = capped || hint !== undefined;
  const outOfRange = `must be from ${min} to ${max}${inUnit}`;
  const tooSmall = boundByBound
    ? `must be at least ${min}${inUnit}${hint === undefined ? '' : `: ${hint}`}`
    : outOfRange;
  const tooLarge = boundByBound ? `must be at most ${max}${inUnit}` : outOfRange;
  return z
    .number({ message: notWhole })
    .int({ message: notWhole })
    .min(min, { message: tooSmall })
    .max(max, { message: tooLarge });
}

const DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

/** A non-zero Prometheus duration; its default doubles as the example errors give. */
export const duration = (fallback: string) =>
  z
    .string()
    .refine((v) => v !== '' && v !== '0s' && DURATION.test(v), {
      message: `must be a Prometheus duration such as ${fallback}`,
    })
    .default(fallback);

/** One of a fixed list of strings; errors list them all. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of ${values.join(', ')}` });

export const flag = (fallback: boolean) => z.boolean({ message: 'must be true or false' }).default(fallback);

export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/**
 * Reading resource props that may be unknown during `pulumi preview`: every unknown value
 * becomes UNKNOWN, and typed readers say what a field holds.
 */
import { UnknownValueError } from './policy-sdk';

/**
 * A value that cannot be known yet: during `pulumi preview`, anything computed from another
 * resource's outputs, such as a password from @pulumi/random on its first deployment.
 */
export const UNKNOWN: unique symbol = Symbol('unknown during preview');
export type Unknown = typeof UNKNOWN;
export type Known<T> = T | Unknown;
export const isUnknown = (value: unknown): value is Unknown => value === UNKNOWN;

/** Resource props as plain data: every value unknown at preview time replaced by UNKNOWN. */
export type Props = Readonly<Record<string, unknown>>;

/**
 * The policy host hands props over behind @pulumi/policy's `unknownCheckingProxy`, which throws
 * `UnknownValueError` on reading a value that is unknown during preview; a policy that lets it
 * escape is reported as "can't run during preview" as a whole. Reading through the proxy once,
 * field by field, makes only the unknown values unknown: one generated password in `envs` must
 * not stop the checks of everything else. Plain objects (as in tests) come through unchanged.
 */
export function snapshot(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i++) items.push(readField(() => value[i] as unknown));
    return items;
  }
  const fields = value as Readonly<Record<string, unknown>>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) copy[key] = readField(() => fields[key]);
  return copy;
}

function readField(read: () => unknown): unknown {
  try {
    return snapshot(read());
  } catch (err) {
    if (err instanceof UnknownValueError) return UNKNOWN;
    throw err;
  }
}

export function propsOf(resource: { props: Record<string, unknown> }): Props {
  const copy = snapshot(resource.props);
  return copy !== null && typeof copy === 'object' && !Array.isArray(copy) ? (copy as Props) : {};
}

/** A string, UNKNOWN, or undefined when absent or of another type. */
export function str(value: unknown): Known<string> | undefined {
  return isUnknown(value) || typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): Known<number> | undefined {
  return isUnknown(value) || typeof value === 'number' ? value : undefined;
}

/** A list ([] when absent), or UNKNOWN when the whole list is unknown. */
export function list(value: unknown): Known<readonly unknown[]> {
  if (isUnknown(value)) return UNKNOWN;
  return Array.isArray(value) ? value : [];
}

/** An object ({} when absent), or UNKNOWN. */
export function record(value: unknown): Known<Props> {
  if (isUnknown(value)) return UNKNOWN;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Props) : {};
}

/** The known strings of a list, and whether some entries (or the whole list) are unknown. */
export function knownStrings(value: unknown): { readonly values: readonly string[]; readonly complete: boolean } {
  const items = list(value);
  if (isUnknown(items)) return { values: [], complete: false };
  const values = items.filter((v): v is string => typeof v === 'string');
  return { values, complete: !items.some(isUnknown) };
}

/** The known objects of a list, and whether some entries (or the whole list) are unknown. */
export function knownRecords(value: unknown): { readonly values: readonly Props[]; readonly complete: boolean } {
  const items = list(value);
  if (isUnknown(items)) return { values: [], complete: false };
  const records = items.map(record);
  return { values: records.filter((r): r is Props => !isUnknown(r)), complete: !records.some(isUnknown) };
}

/** The object at `keys` below `value` ({} where absent), or UNKNOWN when it or an object on the way is unknown. */
export function recordAt(value: unknown, ...keys: readonly string[]): Known<Props> {
  let current = record(value);
  for (const key of keys) {
    if (isUnknown(current)) return UNKNOWN;
    current = record(current[key]);
  }
  return current;
}

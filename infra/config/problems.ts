import { z } from 'zod';
import { innerSchema } from './fields';

/** Bad stack configuration; every line names a key, the value and what is allowed. */
export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
  constructor(
    readonly stackName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `stack "${stackName}" has invalid configuration (Pulumi.${stackName}.yaml):\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        `\nFix it with \`pulumi config set --stack ${stackName} --path datahub:<key> <value>\` or by editing Pulumi.${stackName}.yaml.`,
    );
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** "; did you mean datahub:<closest>?" when a candidate is close to key (a tie goes to the earlier one), else "". */
export function suggestion(key: string, candidates: readonly string[]): string {
  const best = candidates
    .map((c) => ({ c, d: editDistance(key.toLowerCase(), c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 3 ? `; did you mean datahub:${best.c}?` : '';
}

/** The fields of the object at a key path (such as kubernetes.ingress), for "did you mean" lists. */
function fieldsOf(schema: z.ZodObject, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  for (const segment of path) {
    if (!(s instanceof z.ZodObject)) return [];
    s = innerSchema((s.shape as Record<string, unknown>)[String(segment)]);
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

const show = (value: unknown) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value));

function valueAt(root: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * One line per schema issue of the decoded `values`: the key path, what is allowed and the value given;
 * an unknown field with the closest known one and the full list.
 */
export function issueProblems(
  schema: z.ZodObject,
  values: Record<string, unknown>,
  issues: readonly z.core.$ZodIssue[],
): string[] {
  const problems: string[] = [];
  for (const issue of issues) {
    const key = `datahub:${issue.path.map(String).join('.')}`;
    if (issue.code === 'unrecognized_keys') {
      const allowed = fieldsOf(schema, issue.path);
      for (const unknown of issue.keys) {
        problems.push(
          `${key}.${unknown} is not a known field${suggestion(unknown, allowed).replace('datahub:', `${key}.`)} (known: ${allowed.join(', ')})`,
        );
      }
      continue;
    }
    const value = valueAt(values, issue.path);
    problems.push(`${key} ${issue.message} (got ${value === undefined ? 'nothing' : show(value)})`);
  }
  return problems;
}

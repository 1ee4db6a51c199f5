import type { ResourceStep } from '../infra/platform';
import { PLATFORM_RULES } from '../infra/platform-rules';
import { resourceNameOf } from '../infra/urn';

/** One step of a previewed plan, as the deploy flow sees it (built from the engine's step events). */
export type StepOp =
  'same' | 'create' | 'update' | 'replace' | 'delete' | 'create-replacement' | 'delete-replaced' | 'read' | 'refresh';

export interface PlanStep extends ResourceStep {
  readonly op: StepOp;
}

export interface PolicyViolation {
  readonly policy: string;
  readonly level: 'mandatory' | 'advisory';
  readonly message: string;
  readonly urn?: string;
}

/**
 * Why a step loses data, as the platform that owns its resource says: data volumes and claims,
 * their namespace, MinIO's data mount. The owner, not the stack's platform: a stack that changes
 * datahub:platform deletes the other platform's resources, and the gate must see those losses too.
 */
export function dataLossOf(step: PlanStep): string | undefined {
  return Object.values(PLATFORM_RULES)
    .find((rules) => rules.ownsType(step.type))
    ?.dataLossOf(step);
}

export interface GateDecision {
  readonly allowed: boolean;
  readonly reasons: readonly string[];
}

/** Refuses plans that lose data (unless allowed) and plans with mandatory policy violations. Pure. */
export function gatePlan(
  steps: readonly PlanStep[],
  violations: readonly PolicyViolation[],
  options: { readonly allowDataLoss: boolean },
): GateDecision {
  const reasons: string[] = [];
  const losses = steps.map(dataLossOf).filter((l): l is string => l !== undefined);
  if (losses.length > 0 && !options.allowDataLoss) {
    reasons.push(...losses.map((l) => `plan would ${l}: rerun with --allow-data-loss if that is intended`));
  }
  for (const v of violations.filter((x) => x.level === 'mandatory')) {
    reasons.push(`policy ${v.policy}${v.urn ? ` on ${resourceNameOf(v.urn)}` : ''}: ${v.message}`);
  }
  return { allowed: reasons.length === 0, reasons };
}

/** The change table printed before the gate: one line per changed resource, then the totals. Pure. */
export function changeTable(steps: readonly PlanStep[]): string {
  const changed = steps.filter((s) => s.op !== 'same' && s.op !== 'read' && s.op !== 'refresh');
  if (changed.length === 0) return 'no changes';
  const opWidth = Math.max(...changed.map((s) => s.op.length), 'change'.length);
  const typeWidth = Math.max(...changed.map((s) => s.type.length), 'type'.length);
  const lines = [
    `${'change'.padEnd(opWidth)}  ${'type'.padEnd(typeWidth)}  name`,
    ...changed.map((s) => `${s.op.padEnd(opWidth)}  ${s.type.padEnd(typeWidth)}  ${resourceNameOf(s.urn)}`),
  ];
  const counts = new Map<string, number>();
  for (const s of changed) counts.set(s.op, (counts.get(s.op) ?? 0) + 1);
  lines.push([...counts].map(([op, n]) => `${n} to ${op}`).join(', '));
  return lines.join('\n');
}

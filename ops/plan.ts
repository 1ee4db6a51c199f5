import { resourceNameOf } from '../infra/urn';

/** One step of a previewed plan, as the deploy flow sees it (built from the engine's step events). */
export type StepOp =
  'same' | 'create' | 'update' | 'replace' | 'delete' | 'create-replacement' | 'delete-replaced' | 'read' | 'refresh';

export interface PlanStep {
  readonly op: StepOp;
  readonly urn: string;
  readonly type: string;
  /** Property names that differ (from the engine's `diffs`), when known. */
  readonly diffs?: readonly string[];
}

export interface PolicyViolation {
  readonly policy: string;
  readonly level: 'mandatory' | 'advisory';
  readonly message: string;
  readonly urn?: string;
}

/** Resources whose replacement or deletion loses data: data volumes and claims, their namespace, MinIO's data mount. */
export function dataLossOf(step: PlanStep): string | undefined {
  const destructive = ['replace', 'delete', 'delete-replaced', 'create-replacement'].includes(step.op);
  if (!destructive) return undefined;
  if (step.type === 'docker:index/volume:Volume') return `${step.op} of data volume ${resourceNameOf(step.urn)}`;
  if (step.type === 'kubernetes:core/v1:PersistentVolumeClaim')
    return `${step.op} of volume claim ${resourceNameOf(step.urn)}`;
  if (step.type === 'kubernetes:core/v1:Namespace') {
    return `${step.op} of namespace ${resourceNameOf(step.urn)} (its volume claims go with it)`;
  }
  if (
    step.type === 'docker:index/container:Container' &&
    resourceNameOf(step.urn).endsWith('minio') &&
    step.diffs?.includes('volumes')
  ) {
    return `${step.op} of ${resourceNameOf(step.urn)} with a changed data mount`;
  }
  return undefined;
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

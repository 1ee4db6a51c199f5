/**
 * Engine events (the Automation API's `onEvent` stream) → what the deploy flow reads: plan steps,
 * policy violations and update progress. Pure, so the mapping is tested without the CLI.
 */
import { stripVTControlCharacters } from 'node:util';
import type { EngineEvent } from '@pulumi/pulumi/automation';
import type { PlanStep, PolicyViolation, StepOp } from './plan';
import { isManagedType } from './state-filters';

const STEP_OPS: ReadonlySet<string> = new Set<StepOp>([
  'same',
  'create',
  'update',
  'replace',
  'delete',
  'create-replacement',
  'delete-replaced',
  'read',
  'refresh',
]);

/** Ops the flow does not model, folded onto the nearest one that it gates the same way. */
const FOLDED_OPS: Readonly<Record<string, StepOp>> = {
  'read-replacement': 'read',
  import: 'create',
  'import-replacement': 'replace',
  discard: 'delete',
  'discard-replaced': 'delete-replaced',
  'remove-pending-replace': 'delete-replaced',
};

/** The plan step of a `resourcePreEvent`, or undefined for other events, the stack and providers. */
export function stepOf(event: EngineEvent): PlanStep | undefined {
  const meta = event.resourcePreEvent?.metadata;
  if (!meta || !isManagedType(meta.type)) return undefined;
  const op: StepOp | undefined = STEP_OPS.has(meta.op) ? (meta.op as StepOp) : FOLDED_OPS[meta.op];
  if (!op) throw new Error(`engine step op "${meta.op}" on ${meta.urn} is not known to the deploy flow`);
  return { op, urn: meta.urn, type: meta.type, ...(meta.diffs ? { diffs: meta.diffs } : {}) };
}

/** A policy violation from a `policyEvent`; `warning` is CrossGuard's advisory level. */
export function violationOf(event: EngineEvent): PolicyViolation | undefined {
  const p = event.policyEvent;
  if (!p) return undefined;
  return {
    policy: p.policyName,
    level: p.enforcementLevel === 'mandatory' ? 'mandatory' : 'advisory',
    message: p.message.trim(),
    ...(p.resourceUrn ? { urn: p.resourceUrn } : {}),
  };
}

/**
 * Counts finished resources during an update. `expected` is the number of resources the last
 * preview (or the current state) says the update touches; the total grows if the update turns out
 * to touch more.
 */
export class ProgressCounter {
  private done = 0;
  private readonly seen = new Set<string>();

  constructor(
    private expected: number,
    private readonly report: (done: number, total: number, urn: string) => void,
  ) {}

  onEvent(event: EngineEvent): void {
    const meta = event.resOutputsEvent?.metadata;
    if (!meta || !isManagedType(meta.type) || this.seen.has(meta.urn)) return;
    this.seen.add(meta.urn);
    this.done += 1;
    this.expected = Math.max(this.expected, this.done);
    this.report(this.done, this.expected, meta.urn);
  }
}

/**
 * Every error the engine reported during an operation, whole and in order, each once: the
 * program's (a multi-line config error stays multi-line), a provider's, a policy pack's.
 */
export function errorMessages(events: readonly EngineEvent[]): string[] {
  const seen = new Set<string>();
  for (const e of events) {
    const d = e.diagnosticEvent;
    if (d?.severity !== 'error') continue;
    const message = stripVTControlCharacters(d.message).trim();
    if (message !== '') seen.add(message);
  }
  return [...seen];
}

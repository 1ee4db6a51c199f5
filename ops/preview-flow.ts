/** `npm run preview`: the change table, the policy results and what the deploy gate would decide; changes nothing. */
import type { DeployDriver } from './deploy-flow';
import { EXIT, type ExitCode } from './exit-codes';
import { changeTable, gatePlan } from './plan';

export interface PreviewOptions {
  readonly stack: string;
  readonly allowDataLoss: boolean;
}

export interface PreviewDeps {
  readonly driver: Pick<DeployDriver, 'preview'>;
  readonly log: (line: string) => void;
}

/** Exits ok when a deploy would proceed, gated when it would refuse the plan. */
export async function previewStack(options: PreviewOptions, deps: PreviewDeps): Promise<ExitCode> {
  const { log } = deps;
  log(`previewing stack ${options.stack} (with the policy pack)`);
  const plan = await deps.driver.preview();
  log(changeTable(plan.steps));
  for (const v of plan.violations) log(`${v.level}: ${v.policy}: ${v.message}`);
  const gate = gatePlan(plan.steps, plan.violations, { allowDataLoss: options.allowDataLoss });
  for (const reason of gate.reasons) log(`deploy would refuse: ${reason}`);
  log(gate.allowed ? 'deploy would proceed' : 'deploy would be refused');
  return gate.allowed ? EXIT.ok : EXIT.gated;
}

import type { StackOutputs } from '../infra/stack-outputs';
import { resourceNameOf } from '../infra/urn';
import { confirmed, type Confirm } from './confirm';
import { EXIT, type ExitCode } from './exit-codes';
import { changeTable, gatePlan, type PlanStep, type PolicyViolation } from './plan';

/** What was deployed and verified: the rollback target. Secret config values are never recorded. */
export interface Release {
  readonly stack: string;
  readonly at: string;
  readonly gitRevision: string;
  /** Non-secret `datahub:*` config at the time of the release. */
  readonly config: Readonly<Record<string, string>>;
  readonly appImageDigest: string;
}

/** The Pulumi operations the flow needs; the Automation API implements it, tests use a fake. */
export interface DeployDriver {
  preview(): Promise<{ steps: PlanStep[]; violations: PolicyViolation[] }>;
  /** Runs the update; reports progress per finished resource; resolves with the stack outputs. */
  up(onProgress: (done: number, total: number, urn: string) => void): Promise<Record<string, unknown>>;
  /** The stack's non-secret config. */
  getConfig(): Promise<Record<string, string>>;
  /**
   * Runs an update with this non-secret config in place of the stack file's (secrets stay as they
   * are), then leaves the stack file as the operator wrote it: a rollback changes what runs, not
   * the checked-in config.
   */
  upWithConfig(
    config: Readonly<Record<string, string>>,
    onProgress: (done: number, total: number, urn: string) => void,
  ): Promise<Record<string, unknown>>;
}

export interface VerifyOutcome {
  readonly ok: boolean;
  readonly failures: readonly string[];
}

export interface DeployDeps {
  readonly driver: DeployDriver;
  readonly verify: (outputs: Record<string, unknown>) => Promise<VerifyOutcome>;
  readonly releases: { last(stack: string): Promise<Release | undefined>; record(release: Release): Promise<void> };
  /** Asks the operator; undefined when there is no TTY (then the flow never prompts). */
  readonly confirm: Confirm;
  readonly log: (line: string) => void;
  readonly now: () => Date;
  readonly gitRevision: () => Promise<string>;
  /** What the manual recovery steps run to see what is running: the stack platform's tool. */
  readonly inspectCommand: string;
}

export interface DeployOptions {
  readonly stack: string;
  readonly yes: boolean;
  readonly allowDataLoss: boolean;
  readonly rollback: boolean;
}

/** The config key that pins the app image (a local image id) instead of building app/. */
export const APP_IMAGE_KEY = 'datahub:appImage';

/** The output a release records: what the app ran, pinned on a rollback. */
const APP_IMAGE_OUTPUT = 'appImageDigest' satisfies keyof StackOutputs;

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * preview → change table → gate → confirm → up (with progress) → verify → record the release,
 * or roll back to the last good release (its config with the app image pinned) and verify again.
 */
export async function deploy(options: DeployOptions, deps: DeployDeps): Promise<ExitCode> {
  const { driver, log } = deps;
  log(`previewing stack ${options.stack} (with the policy pack)`);
  const plan = await driver.preview();
  log(changeTable(plan.steps));
  for (const v of plan.violations.filter((x) => x.level === 'advisory')) log(`advisory: ${v.policy}: ${v.message}`);
  const gate = gatePlan(plan.steps, plan.violations, { allowDataLoss: options.allowDataLoss });
  if (!gate.allowed) {
    for (const reason of gate.reasons) log(`refused: ${reason}`);
    return EXIT.gated;
  }
  if (!(await confirmed('deploy', `deploy these changes to ${options.stack}?`, options.yes, deps.confirm, log))) {
    return EXIT.gated;
  }

  const config = await driver.getConfig();
  let failure: string;
  try {
    const outputs = await driver.up((done, total, urn) => log(`[${done}/${total}] ${resourceNameOf(urn)}`));
    const verified = await deps.verify(outputs);
    if (verified.ok) {
      await deps.releases.record({
        stack: options.stack,
        at: deps.now().toISOString(),
        gitRevision: await deps.gitRevision(),
        config,
        appImageDigest: String(outputs[APP_IMAGE_OUTPUT] ?? ''),
      });
      log(`deployed and verified; recorded as the last good release of ${options.stack}`);
      return EXIT.ok;
    }
    failure = `verification failed: ${verified.failures.join('; ')}`;
  } catch (err) {
    failure = `up failed: ${reasonOf(err)}`;
  }
  log(failure);
  if (!options.rollback) {
    log('not rolling back (--no-rollback): the stack is left as the failed update left it');
    return EXIT.failed;
  }
  return rollback(options.stack, deps, failure);
}

async function rollback(stack: string, deps: DeployDeps, cause: string): Promise<ExitCode> {
  const { driver, log } = deps;
  const release = await deps.releases.last(stack);
  if (!release) {
    log(`cannot roll back: ${stack} has no recorded good release yet (first deploy)`);
    log(recoverySteps(stack, undefined, deps.inspectCommand));
    return EXIT.rollbackFailed;
  }
  log(
    `rolling back ${stack} to the release of ${release.at} (${release.gitRevision}), app image ${release.appImageDigest}`,
  );
  try {
    const outputs = await driver.upWithConfig(
      { ...release.config, [APP_IMAGE_KEY]: release.appImageDigest },
      (done, total, urn) => log(`[rollback ${done}/${total}] ${resourceNameOf(urn)}`),
    );
    const verified = await deps.verify(outputs);
    if (!verified.ok) throw new Error(`verification after rollback failed: ${verified.failures.join('; ')}`);
    log(`deploy failed (${cause}); rolled back to the release of ${release.at} and verified it`);
    return EXIT.rolledBack;
  } catch (err) {
    log(`deploy failed (${cause}); rollback failed too: ${reasonOf(err)}`);
    log(recoverySteps(stack, release, deps.inspectCommand));
    return EXIT.rollbackFailed;
  }
}

/** What an operator does by hand when automation could not recover. */
export function recoverySteps(stack: string, release: Release | undefined, inspectCommand: string): string {
  return [
    'manual recovery:',
    `  1. see what is running: ${inspectCommand}`,
    `  2. check the stack: npm run verify -- --stack ${stack}`,
    release
      ? `  3. redeploy the last good release: git checkout ${release.gitRevision} && npm run deploy -- --stack ${stack} --yes`
      : `  3. fix the cause, then: npm run deploy -- --stack ${stack} --yes`,
    '  4. data volumes are never touched by a rollback; docs/operations.md has the Day-2 runbook',
  ].join('\n');
}

/**
 * `npm run destroy`: removes a stack's resources but keeps its protected data volumes unless
 * `--including-data`, and says what it kept. With `--including-data` protected volumes are
 * unprotected and destroyed, and volumes Pulumi retains on delete are removed from the Docker host
 * too, so "including data" means the data is gone (on Kubernetes the operator is told what is
 * retained and how to delete it). The rules of the platform that deployed the state say what holds
 * data and how to name it: destroy runs no program, so it goes by the state, not the stack file.
 */
import type { StateEntry } from '../infra/platform';
import { PLATFORM_RULES, platformOfState } from '../infra/platform-rules';
import { resourceNameOf } from '../infra/urn';
import { confirmed, type Confirm } from './confirm';
import { EXIT, type ExitCode } from './exit-codes';
import { isManagedType } from './state-filters';

/** One resource of the stack's state, as `pulumi stack export` has it. */
export interface StateResource extends StateEntry {
  readonly protect: boolean;
}

export interface DestroyDriver {
  resources(): Promise<StateResource[]>;
  unprotectAll(): Promise<void>;
  destroy(
    options: { excludeProtected: boolean },
    onProgress: (done: number, total: number, urn: string) => void,
  ): Promise<void>;
}

export interface DestroyDeps {
  readonly driver: DestroyDriver;
  /** Removes a Docker volume left behind by `retainOnDelete`; false when it was already gone. */
  readonly removeVolume: (name: string, dockerHost: string | undefined) => Promise<boolean>;
  readonly confirm: Confirm;
  readonly log: (line: string) => void;
}

export interface DestroyOptions {
  readonly stack: string;
  readonly yes: boolean;
  readonly includingData: boolean;
}

/** What a destroy removes, keeps and leaves on the host. Pure. */
export function destroyPlan(resources: readonly StateResource[], includingData: boolean) {
  const platform = platformOfState(resources);
  const rules = PLATFORM_RULES[platform];
  const managed = resources.filter((r) => isManagedType(r.type));
  const kept = includingData ? [] : managed.filter((r) => r.protect);
  const removed = managed.filter((r) => !kept.includes(r));
  const retained = rules.retainedData(resources);
  const retainedElsewhere = includingData ? retained.manual : [];
  return {
    platform,
    kept,
    removed,
    retainedVolumes: includingData ? retained.remove : [],
    // Retained on delete where the CLI removes nothing itself (Kubernetes claims and their namespace).
    retainedElsewhere,
    deleteManually: retained.deleteManually,
    dockerHost: retained.host,
    // What holds data goes with the stack, except what is left for the operator to delete.
    dataGone: removed.filter((r) => rules.holdsData(r) && !retainedElsewhere.includes(r)),
    unprotect: includingData && managed.some((r) => r.protect),
  };
}

export async function destroyStack(options: DestroyOptions, deps: DestroyDeps): Promise<ExitCode> {
  const { driver, log } = deps;
  const plan = destroyPlan(await driver.resources(), options.includingData);
  const label = PLATFORM_RULES[plan.platform].describe;
  if (plan.removed.length === 0) {
    log(
      plan.kept.length === 0
        ? `${options.stack} has no resources: nothing to destroy`
        : `nothing to destroy but the kept data: ${plan.kept.map(label).join(', ')}`,
    );
    return EXIT.ok;
  }
  log(`destroying ${plan.removed.length} resources of ${options.stack}:`);
  for (const r of plan.removed) log(`  - ${label(r)}`);
  if (plan.kept.length > 0) log(`keeping (protected data): ${plan.kept.map(label).join(', ')}`);
  if (plan.dataGone.length > 0) log(`the data in ${plan.dataGone.map(label).join(', ')} will be deleted`);
  if (!(await confirmed('destroy', `destroy these resources of ${options.stack}?`, options.yes, deps.confirm, log))) {
    return EXIT.gated;
  }
  try {
    if (plan.unprotect) await driver.unprotectAll();
    await driver.destroy({ excludeProtected: !options.includingData }, (done, total, urn) =>
      log(`[${done}/${total}] deleted ${resourceNameOf(urn)}`),
    );
    for (const volume of plan.retainedVolumes) {
      const removed = await deps.removeVolume(volume, plan.dockerHost);
      log(removed ? `removed retained volume ${volume}` : `retained volume ${volume} was already gone`);
    }
    if (plan.retainedElsewhere.length > 0) {
      log(
        `Pulumi retains these on delete, so they still hold data: ${plan.retainedElsewhere.map(label).join(', ')}; ${plan.deleteManually}`,
      );
    }
  } catch (err) {
    log(`destroy failed: ${err instanceof Error ? err.message : String(err)}`);
    log(`state is consistent with what was deleted; rerun: npm run destroy -- --stack ${options.stack}`);
    return EXIT.failed;
  }
  log(
    plan.kept.length > 0
      ? `destroyed ${options.stack}; kept ${plan.kept.map(label).join(', ')}: a later deploy reattaches them, \`npm run destroy -- --stack ${options.stack} --including-data\` deletes them`
      : `destroyed ${options.stack}`,
  );
  return EXIT.ok;
}

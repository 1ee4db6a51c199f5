/**
 * `npm run destroy`: removes a stack's resources but keeps its protected data volumes unless
 * `--including-data`, and says what it kept. With `--including-data` protected volumes are
 * unprotected and destroyed, and volumes Pulumi retains on delete are removed from the Docker host
 * too, so "including data" means the data is gone.
 */
import { resourceNameOf } from '../infra/urn';
import { confirmed, type Confirm } from './confirm';
import { EXIT, type ExitCode } from './exit-codes';
import { isManagedType } from './state-filters';

/** One resource of the stack's state, as `pulumi stack export` has it. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** The resource's `name` output (the Docker volume name for volumes), when it has one. */
  readonly name?: string;
  /** Provider inputs (for `pulumi:providers:*`): where the Docker host is. */
  readonly inputs?: Readonly<Record<string, unknown>>;
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

const VOLUME = 'docker:index/volume:Volume';
const label = (r: StateResource) =>
  r.type === VOLUME && r.name ? `volume ${r.name}` : `${r.type} ${resourceNameOf(r.urn)}`;

/** What a destroy removes, keeps and leaves on the host. Pure. */
export function destroyPlan(resources: readonly StateResource[], includingData: boolean) {
  const managed = resources.filter((r) => isManagedType(r.type));
  const kept = includingData ? [] : managed.filter((r) => r.protect);
  const removed = managed.filter((r) => !kept.includes(r));
  const retainedVolumes = includingData
    ? removed.filter((r) => r.type === VOLUME && r.retainOnDelete && r.name).map((r) => r.name as string)
    : [];
  // Retained on delete outside Docker (Kubernetes claims and their namespace): left to the operator.
  const retainedElsewhere = includingData ? removed.filter((r) => r.type !== VOLUME && r.retainOnDelete) : [];
  const dockerHost = resources.find((r) => r.type === 'pulumi:providers:docker')?.inputs?.host;
  return {
    kept,
    removed,
    retainedVolumes,
    retainedElsewhere,
    dockerHost: typeof dockerHost === 'string' && dockerHost !== '' ? dockerHost : undefined,
    unprotect: includingData && managed.some((r) => r.protect),
  };
}

export async function destroyStack(options: DestroyOptions, deps: DestroyDeps): Promise<ExitCode> {
  const { driver, log } = deps;
  const plan = destroyPlan(await driver.resources(), options.includingData);
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
  const dataGone = plan.removed.filter((r) => r.type === VOLUME);
  if (dataGone.length > 0) log(`the data in ${dataGone.map(label).join(', ')} will be deleted`);
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
        `Pulumi retains these on delete, so they still hold data: ${plan.retainedElsewhere.map(label).join(', ')}; delete them with kubectl (kubectl delete namespace <namespace> removes the claims with it)`,
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

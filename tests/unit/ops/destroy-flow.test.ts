import { destroyPlan, destroyStack, type DestroyDriver, type StateResource } from '../../../ops/destroy-flow';
import { EXIT } from '../../../ops/exit-codes';

const urn = (type: string, name: string) => `urn:pulumi:prod::datahub::${type}::${name}`;
const VOLUME = 'docker:index/volume:Volume';
const CONTAINER = 'docker:index/container:Container';

const volume = (name: string, protect: boolean): StateResource => ({
  urn: urn(VOLUME, name),
  type: VOLUME,
  protect,
  retainOnDelete: protect,
  name: `datahub-prod-${name}`,
});
const state = (protect: boolean): StateResource[] => [
  {
    urn: urn('pulumi:pulumi:Stack', 'datahub-prod'),
    type: 'pulumi:pulumi:Stack',
    protect: false,
    retainOnDelete: false,
  },
  {
    urn: urn('pulumi:providers:docker', 'docker'),
    type: 'pulumi:providers:docker',
    protect: false,
    retainOnDelete: false,
    inputs: { host: 'unix:///run/docker.sock' },
  },
  { urn: urn(CONTAINER, 'minio'), type: CONTAINER, protect: false, retainOnDelete: false, name: 'datahub-prod-minio' },
  volume('minio-data', protect),
  volume('prometheus-data', protect),
];

class FakeDriver implements DestroyDriver {
  calls: string[] = [];
  failDestroy?: string;
  constructor(private readonly state: StateResource[]) {}
  async resources() {
    return this.state;
  }
  async unprotectAll() {
    this.calls.push('unprotectAll');
  }
  async destroy(options: { excludeProtected: boolean }, onProgress: (d: number, t: number, u: string) => void) {
    this.calls.push(`destroy excludeProtected=${options.excludeProtected}`);
    if (this.failDestroy) throw new Error(this.failDestroy);
    onProgress(1, 1, urn(CONTAINER, 'minio'));
  }
}

function run(driver: FakeDriver, options: { includingData?: boolean; yes?: boolean; tty?: boolean } = {}) {
  const lines: string[] = [];
  const removed: string[] = [];
  const result = destroyStack(
    { stack: 'prod', yes: options.yes ?? true, includingData: options.includingData ?? false },
    {
      driver,
      removeVolume: async (name, host) => {
        removed.push(`${name}@${host}`);
        return name.endsWith('minio-data');
      },
      confirm: options.tty ? async () => true : undefined,
      log: (l) => lines.push(l),
    },
  );
  return { result, lines, removed };
}

describe('destroy', () => {
  it('keeps protected data volumes and says what it kept and how to delete them', async () => {
    const driver = new FakeDriver(state(true));
    const { result, lines, removed } = run(driver);
    expect(await result).toBe(EXIT.ok);
    expect(driver.calls).toEqual(['destroy excludeProtected=true']);
    expect(removed).toEqual([]);
    expect(lines).toContain(
      'keeping (protected data): volume datahub-prod-minio-data, volume datahub-prod-prometheus-data',
    );
    expect(lines.at(-1)).toBe(
      'destroyed prod; kept volume datahub-prod-minio-data, volume datahub-prod-prometheus-data: a later deploy reattaches them, `npm run destroy -- --stack prod --including-data` deletes them',
    );
  });

  it('with --including-data, unprotects, destroys, and removes the volumes Pulumi retains on delete from the Docker host', async () => {
    const driver = new FakeDriver(state(true));
    const { result, lines, removed } = run(driver, { includingData: true });
    expect(await result).toBe(EXIT.ok);
    expect(driver.calls).toEqual(['unprotectAll', 'destroy excludeProtected=false']);
    expect(removed).toEqual([
      'datahub-prod-minio-data@unix:///run/docker.sock',
      'datahub-prod-prometheus-data@unix:///run/docker.sock',
    ]);
    expect(lines).toContain(
      'the data in volume datahub-prod-minio-data, volume datahub-prod-prometheus-data will be deleted',
    );
    expect(lines).toContain('removed retained volume datahub-prod-minio-data');
    expect(lines).toContain('retained volume datahub-prod-prometheus-data was already gone');
  });

  it('with --including-data on Kubernetes, says which retained claims still hold data and how to delete them', async () => {
    const claim: StateResource = {
      urn: urn('kubernetes:core/v1:PersistentVolumeClaim', 'object-store-data'),
      type: 'kubernetes:core/v1:PersistentVolumeClaim',
      protect: true,
      retainOnDelete: true,
    };
    const driver = new FakeDriver([claim]);
    const { result, lines, removed } = run(driver, { includingData: true });
    expect(await result).toBe(EXIT.ok);
    expect(driver.calls).toEqual(['unprotectAll', 'destroy excludeProtected=false']);
    expect(removed).toEqual([]);
    expect(lines).toContain(
      'Pulumi retains these on delete, so they still hold data: kubernetes:core/v1:PersistentVolumeClaim object-store-data; delete them with kubectl (kubectl delete namespace <namespace> removes the claims with it)',
    );
  });

  it('on Kubernetes, goes by the Kubernetes rules though the state holds the Docker image builder too', async () => {
    const resource = (type: string, name: string, protect: boolean): StateResource => ({
      urn: urn(type, name),
      type,
      protect,
      retainOnDelete: protect,
    });
    const driver = new FakeDriver([
      {
        urn: urn('pulumi:providers:docker', 'image-builder'),
        type: 'pulumi:providers:docker',
        protect: false,
        retainOnDelete: false,
      },
      resource('docker:index/image:Image', 'app-image', false),
      resource('kubernetes:core/v1:Namespace', 'namespace', false),
      resource('kubernetes:core/v1:PersistentVolumeClaim', 'object-store-data', false),
    ]);
    const { result, lines, removed } = run(driver);
    expect(await result).toBe(EXIT.ok);
    expect(removed).toEqual([]);
    expect(lines).toContain(
      'the data in kubernetes:core/v1:Namespace namespace, kubernetes:core/v1:PersistentVolumeClaim object-store-data will be deleted',
    );
  });

  it('says that unprotected data volumes go with the stack', async () => {
    const driver = new FakeDriver(state(false));
    const { result, lines } = run(driver);
    expect(await result).toBe(EXIT.ok);
    expect(driver.calls).toEqual(['destroy excludeProtected=true']);
    expect(lines).toContain(
      'the data in volume datahub-prod-minio-data, volume datahub-prod-prometheus-data will be deleted',
    );
    expect(lines.at(-1)).toBe('destroyed prod');
  });

  it('never prompts without a TTY: refuses without --yes', async () => {
    const driver = new FakeDriver(state(true));
    const { result, lines } = run(driver, { yes: false, tty: false });
    expect(await result).toBe(EXIT.gated);
    expect(driver.calls).toEqual([]);
    expect(lines.at(-1)).toBe('refused: no TTY to confirm on; rerun with --yes to destroy without asking');
    const tty = run(new FakeDriver(state(true)), { yes: false, tty: true });
    expect(await tty.result).toBe(EXIT.ok);
  });

  it('on an empty stack, or one holding only kept data, does nothing and says so', async () => {
    expect(await run(new FakeDriver([])).result).toBe(EXIT.ok);
    const onlyData = run(new FakeDriver([volume('minio-data', true)]));
    expect(await onlyData.result).toBe(EXIT.ok);
    expect(onlyData.lines).toEqual(['nothing to destroy but the kept data: volume datahub-prod-minio-data']);
  });

  it('a failed destroy exits with failed and says how to resume', async () => {
    const driver = new FakeDriver(state(false));
    driver.failDestroy = 'container is in use';
    const { result, lines } = run(driver);
    expect(await result).toBe(EXIT.failed);
    expect(lines).toContain('destroy failed: container is in use');
  });

  it('the plan is pure: kept, removed, retained volumes and the Docker host', () => {
    const plan = destroyPlan(state(true), false);
    expect(plan.kept.map((r) => r.name)).toEqual(['datahub-prod-minio-data', 'datahub-prod-prometheus-data']);
    expect(plan.removed.map((r) => r.name)).toEqual(['datahub-prod-minio']);
    expect(plan.retainedVolumes).toEqual([]);
    expect(plan.dockerHost).toBe('unix:///run/docker.sock');
    expect(plan.unprotect).toBe(false);
  });
});

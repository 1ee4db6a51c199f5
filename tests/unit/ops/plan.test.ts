import { changeTable, dataLossOf, gatePlan } from '../../../ops/plan';

const step = (op: Parameters<typeof dataLossOf>[0]['op'], type: string, name: string, diffs?: string[]) => ({
  op,
  type,
  urn: `urn:pulumi:prod::datahub::${type}::${name}`,
  ...(diffs ? { diffs } : {}),
});

describe('plan gating', () => {
  it.each([
    [
      step('delete', 'docker:index/volume:Volume', 'monitoring-prometheus-data'),
      'delete of data volume monitoring-prometheus-data',
    ],
    [step('replace', 'docker:index/volume:Volume', 'object-store-data'), 'replace of data volume object-store-data'],
    [
      step('replace', 'docker:index/container:Container', 'object-store-minio', ['volumes']),
      'replace of object-store-minio with a changed data mount',
    ],
    [
      step('replace', 'kubernetes:core/v1:PersistentVolumeClaim', 'object-store-data'),
      'replace of volume claim object-store-data',
    ],
    [
      step('delete', 'kubernetes:core/v1:Namespace', 'namespace'),
      'delete of namespace namespace (its volume claims go with it)',
    ],
  ])('flags %j as data loss', (s, text) => {
    expect(dataLossOf(s)).toBe(text);
  });

  it.each([
    step('update', 'docker:index/volume:Volume', 'object-store-data'),
    step('create', 'docker:index/volume:Volume', 'object-store-data'),
    step('replace', 'docker:index/container:Container', 'app-app', ['volumes']),
    step('replace', 'docker:index/container:Container', 'object-store-minio', ['envs']),
    step('update', 'kubernetes:core/v1:PersistentVolumeClaim', 'object-store-data'),
    step('replace', 'kubernetes:apps/v1:Deployment', 'app'),
  ])('does not flag %j', (s) => {
    expect(dataLossOf(s)).toBeUndefined();
  });

  it('lists every reason at once', () => {
    const decision = gatePlan(
      [step('delete', 'docker:index/volume:Volume', 'a'), step('delete', 'docker:index/volume:Volume', 'b')],
      [{ policy: 'images-pinned', level: 'mandatory', message: 'latest' }],
      { allowDataLoss: false },
    );
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toHaveLength(3);
  });
});

describe('the change table', () => {
  it('shows each changed resource and the totals, and hides unchanged ones', () => {
    const table = changeTable([
      step('same', 'docker:index/network:Network', 'network'),
      step('update', 'docker:index/container:Container', 'app-app'),
      step('create', 'docker:index/volume:Volume', 'v'),
      step('create', 'docker:index/volume:Volume', 'w'),
    ]);
    expect(table.split('\n')).toEqual([
      'change  type                              name',
      'update  docker:index/container:Container  app-app',
      'create  docker:index/volume:Volume        v',
      'create  docker:index/volume:Volume        w',
      '1 to update, 2 to create',
    ]);
  });
  it('says when nothing changes', () => {
    expect(changeTable([step('same', 'docker:index/network:Network', 'network')])).toBe('no changes');
  });
});

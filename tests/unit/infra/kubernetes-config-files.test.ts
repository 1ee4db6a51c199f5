import { configMapKey, fileMounts } from '../../../infra/kubernetes/config-files';

describe('rendered files as ConfigMap data and subPath mounts', () => {
  const files = {
    '/etc/grafana/provisioning/datasources/datahub.yml': 'a: 1\n',
    '/etc/grafana/provisioning/dashboards/datahub.yml': 'b: 2\n',
  };

  it('keeps every file byte for byte under a key made from its path, mounted at that path', () => {
    const { data, mounts } = fileMounts(files, 'files');
    expect(data).toEqual({
      'etc_grafana_provisioning_dashboards_datahub.yml': 'b: 2\n',
      'etc_grafana_provisioning_datasources_datahub.yml': 'a: 1\n',
    });
    expect(mounts).toEqual([
      {
        name: 'files',
        mountPath: '/etc/grafana/provisioning/dashboards/datahub.yml',
        subPath: 'etc_grafana_provisioning_dashboards_datahub.yml',
        readOnly: true,
      },
      {
        name: 'files',
        mountPath: '/etc/grafana/provisioning/datasources/datahub.yml',
        subPath: 'etc_grafana_provisioning_datasources_datahub.yml',
        readOnly: true,
      },
    ]);
  });

  it('changes its checksum with any byte, and only then', () => {
    const { checksum } = fileMounts(files, 'files');
    expect(fileMounts({ ...files }, 'other').checksum).toBe(checksum);
    expect(
      fileMounts({ ...files, '/etc/grafana/provisioning/dashboards/datahub.yml': 'b: 3\n' }, 'files').checksum,
    ).not.toBe(checksum);
  });

  it('refuses two paths that would share a key, rather than let one shadow the other', () => {
    expect(() => fileMounts({ '/a/b_c': 'x', '/a_b/c': 'y' }, 'files')).toThrow(/same ConfigMap key a_b_c/);
    expect(configMapKey('/etc/prometheus/rules/datahub.rules.yml')).toBe('etc_prometheus_rules_datahub.rules.yml');
  });
});

import {
  CONTAINER_FIELDS,
  UntranslatedInputError,
  assertTranslated,
  containerPlan,
  durationToNanos,
} from '../../e2e/harness/translate';

describe('the e2e harness translation of docker provider inputs', () => {
  it('reads provider durations as nanoseconds', () => {
    expect(durationToNanos('10s')).toBe(10e9);
    expect(durationToNanos('1m30s')).toBe(90e9);
    expect(durationToNanos('500ms')).toBe(500e6);
    expect(durationToNanos('0s')).toBe(0);
    expect(() => durationToNanos('ten seconds')).toThrow(UntranslatedInputError);
  });

  it('refuses any input field it does not translate', () => {
    expect(() => assertTranslated('Container', 'app', { name: 'x', gpus: 'all' }, CONTAINER_FIELDS)).toThrow(
      'does not translate Container input(s) gpus (on app)',
    );
    expect(() => assertTranslated('Container', 'app', { name: 'x', gpus: undefined }, CONTAINER_FIELDS)).not.toThrow();
  });

  it('maps a hardened container the way the provider does', () => {
    const plan = containerPlan(
      {
        name: 'datahub-dev-app',
        image: 'sha256:abc',
        envs: ['A=1'],
        user: '1000:1000',
        readOnly: true,
        tmpfs: { '/tmp': 'rw,noexec' },
        capabilities: { drops: ['ALL'], adds: [] },
        securityOpts: ['no-new-privileges:true'],
        memory: 256,
        memorySwap: 256,
        restart: 'unless-stopped',
        logDriver: 'json-file',
        logOpts: { 'max-size': '10m' },
        healthcheck: { tests: ['CMD', 'true'], interval: '10s', timeout: '5s', retries: 3, startPeriod: '20s' },
        wait: true,
        waitTimeout: 180,
        labels: [{ label: 'org.datahub.service', value: 'app' }],
        ports: [{ internal: 8080, external: 8080, ip: '127.0.0.1', protocol: 'tcp' }],
        volumes: [{ volumeName: 'data', containerPath: '/data' }],
        networksAdvanced: [{ name: 'datahub-dev', aliases: ['app'] }],
        uploads: [{ file: '/etc/x.yml', content: 'a: 1' }],
      },
      { run: '1' },
    );
    expect(plan.create.HostConfig).toMatchObject({
      Memory: 256 * 1024 * 1024,
      MemorySwap: 256 * 1024 * 1024,
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      RestartPolicy: { Name: 'unless-stopped' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
      PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] },
      Binds: ['data:/data'],
      NetworkMode: 'datahub-dev',
    });
    expect(plan.create.Healthcheck).toEqual({
      Test: ['CMD', 'true'],
      Interval: 10e9,
      Timeout: 5e9,
      Retries: 3,
      StartPeriod: 20e9,
    });
    expect(plan.create.Labels).toEqual({ 'org.datahub.service': 'app', run: '1' });
    expect(plan.create.NetworkingConfig).toEqual({ EndpointsConfig: { 'datahub-dev': { Aliases: ['app'] } } });
    expect(plan).toMatchObject({
      wait: true,
      waitTimeoutSeconds: 180,
      uploads: [{ file: '/etc/x.yml', content: 'a: 1', executable: false }],
    });
  });
});

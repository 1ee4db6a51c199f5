import {
  failure,
  outputsOfDeployment,
  readOverrides,
  saltOfDeployment,
  stateResources,
  unprotected,
} from '../../../ops/automation-driver';

describe('the Automation API driver helpers', () => {
  it('read the outputs of an exported deployment, secret ones left out, and the passphrase salt', () => {
    const deployment = {
      secrets_providers: { type: 'passphrase', state: { salt: 'v1:abc:def' } },
      resources: [
        { urn: 'urn:pulumi:dev::datahub::pulumi:providers:docker::default', type: 'pulumi:providers:docker' },
        {
          urn: 'urn:pulumi:dev::datahub::pulumi:pulumi:Stack::datahub-dev',
          type: 'pulumi:pulumi:Stack',
          outputs: {
            appUrl: 'http://127.0.0.1:8080',
            minioRootPassword: {
              '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
              ciphertext: 'x',
            },
          },
        },
      ],
    };
    expect(outputsOfDeployment(deployment)).toEqual({ appUrl: 'http://127.0.0.1:8080' });
    expect(outputsOfDeployment({ resources: [] })).toEqual({});
    expect(saltOfDeployment(deployment)).toBe('v1:abc:def');
    expect(saltOfDeployment({})).toBeUndefined();
  });

  it('refuse an overrides file that does not exist, naming DATAHUB_STACK_OVERRIDES and the fix', () => {
    expect(() => readOverrides('/nonexistent/overrides.yaml')).toThrow(
      'DATAHUB_STACK_OVERRIDES names /nonexistent/overrides.yaml, which does not exist: point it at a YAML file with a "config:" map, or unset it',
    );
  });

  it('report a CLI failure whole: every engine error, else the whole stderr', () => {
    const diag = (message: string) =>
      ({ sequence: 1, timestamp: 0, diagnosticEvent: { message, color: 'never', severity: 'error' } }) as const;
    expect(failure([diag('first problem\n  detail'), diag('second problem')], new Error('ignored')).message).toBe(
      'first problem\n  detail\nsecond problem',
    );
    const cliError = new Error(
      'code: 255\n stdout: \n stderr: error: could not load plugin docker\n\n  plugin docker 5.2.0 is not installed\n err?: Error: exit 255\n',
    );
    expect(failure([], cliError).message).toBe(
      'error: could not load plugin docker\n  plugin docker 5.2.0 is not installed',
    );
  });

  it('read protection, retain-on-delete, names and provider inputs from an exported deployment', () => {
    const deployment = {
      manifest: {},
      resources: [
        { urn: 'urn:a', type: 'pulumi:providers:docker', inputs: { host: 'unix:///var/run/docker.sock' } },
        {
          urn: 'urn:b',
          type: 'docker:index/volume:Volume',
          protect: true,
          retainOnDelete: true,
          outputs: { name: 'datahub-prod-minio-data' },
        },
        { urn: 'urn:c', type: 'docker:index/container:Container', outputs: { name: { secret: 'x' } } },
      ],
    };
    expect(stateResources(deployment)).toEqual([
      {
        urn: 'urn:a',
        type: 'pulumi:providers:docker',
        protect: false,
        retainOnDelete: false,
        inputs: { host: 'unix:///var/run/docker.sock' },
      },
      {
        urn: 'urn:b',
        type: 'docker:index/volume:Volume',
        protect: true,
        retainOnDelete: true,
        name: 'datahub-prod-minio-data',
      },
      { urn: 'urn:c', type: 'docker:index/container:Container', protect: false, retainOnDelete: false },
    ]);
    expect(stateResources(undefined)).toEqual([]);
    expect(unprotected(deployment)).toEqual({
      manifest: {},
      resources: [
        deployment.resources[0],
        {
          urn: 'urn:b',
          type: 'docker:index/volume:Volume',
          retainOnDelete: true,
          outputs: { name: 'datahub-prod-minio-data' },
        },
        deployment.resources[2],
      ],
    });
  });
});

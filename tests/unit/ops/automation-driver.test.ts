import { plainConfig, plainOutputs, stateResources, unprotected } from '../../../infra/ops/automation-driver';

describe('the Automation API driver helpers', () => {
  it('leave secret outputs and secret config out', () => {
    expect(
      plainOutputs({
        appUrl: { value: 'http://127.0.0.1:8080', secret: false },
        minioRootPassword: { value: 'hunter2hunter2', secret: true },
      }),
    ).toEqual({ appUrl: 'http://127.0.0.1:8080' });
    expect(
      plainConfig({
        'datahub:logLevel': { value: 'debug', secret: false },
        'datahub:smtpPassword': { value: 'hunter2', secret: true },
      }),
    ).toEqual({ 'datahub:logLevel': 'debug' });
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

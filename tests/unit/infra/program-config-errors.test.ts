import { runProgram } from '../../support/pulumi-program';

describe('the program with bad stack config', () => {
  it('stops with one clean error naming every bad key, before declaring any resource', async () => {
    const failure = await runProgram('dev', {
      overrides: {
        'datahub:ports': { app: 8080, grafana: 8080 },
        'datahub:images': { minio: 'minio/minio:latest' },
      },
    }).then(
      () => undefined,
      (err: unknown) => err as Error & { __pulumiRunError?: boolean; registered?: string[] },
    );
    expect(failure).toBeDefined();
    // A RunError: Pulumi prints the message alone, without a stack trace.
    expect(failure!.__pulumiRunError).toBe(true);
    expect(failure!.message).toContain('stack "dev" has invalid configuration (Pulumi.dev.yaml)');
    expect(failure!.message).toContain('datahub:images.minio must pin a version tag');
    expect(failure!.registered).toEqual(['pulumi:pulumi:Stack::datahub-dev']);
  });
});

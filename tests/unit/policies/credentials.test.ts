import { grafanaNoAnonymousAdmin, noWeakCredentials } from '../../../policies/docker/credentials';
import { assertHasResourceViolation, assertNoResourceViolations, runResourcePolicy } from '../../support/policy-args';
import { UNKNOWN_VALUE, container, hardenedContainer, serviceLabels } from './fixtures/props';

const STRONG = 'k3H9q2LmZ8vT4xW1pR7s';
const minio = (envs: unknown, extra: Record<string, unknown> = {}) =>
  container(
    hardenedContainer({ name: 'datahub-test-minio', labels: serviceLabels('minio'), envs, ...extra }),
    {},
    'object-store-minio',
  );
const grafana = (envs: unknown) =>
  container(
    hardenedContainer({ name: 'datahub-test-grafana', labels: serviceLabels('grafana'), envs }),
    {},
    'monitoring-grafana',
  );

describe('no-weak-credentials', () => {
  it('accepts generated MinIO and Grafana credentials', async () => {
    await assertNoResourceViolations(
      noWeakCredentials,
      minio([`MINIO_ROOT_USER=dh${STRONG}`, `MINIO_ROOT_PASSWORD=${STRONG}${STRONG}`]),
    );
    await assertNoResourceViolations(
      noWeakCredentials,
      grafana(['GF_SECURITY_ADMIN_USER=datahub-admin', `GF_SECURITY_ADMIN_PASSWORD=${STRONG}`]),
    );
  });

  it.each([
    ['MINIO_ROOT_USER', 'minioadmin'],
    ['MINIO_ROOT_PASSWORD', 'minioadmin'],
    ['MINIO_ACCESS_KEY', 'admin'],
    ['MINIO_SECRET_KEY', 'Password'],
    ['GF_SECURITY_ADMIN_PASSWORD', 'ADMIN'],
  ])('flags %s set to a well-known value, without quoting it', async (name, value) => {
    const { violations } = await runResourcePolicy(
      noWeakCredentials,
      minio([`${name}=${value}`, `MINIO_ROOT_PASSWORD_FILE=/run/secrets/p`]),
    );
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^container "datahub-test-minio" \\(object-store-minio\\) sets ${name} to a default or well-known value\\. Credentials must never be defaults .*Fix: generate it instead`,
        ),
      ),
    ]);
    expect(violations[0]!.message).not.toContain(`=${value}`);
  });

  it('flags secrets shorter than minPasswordLength (16 by default), but not user names', async () => {
    const { violations } = await runResourcePolicy(
      noWeakCredentials,
      minio(['MINIO_ROOT_USER=dhuser', 'MINIO_ROOT_PASSWORD=fifteen-chars!!']),
    );
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringContaining(
        'sets MINIO_ROOT_PASSWORD to a value of 15 characters, shorter than the minimum of 16. Short secrets fall to brute force. Fix: use at least 16 random characters',
      ),
    ]);
    await assertNoResourceViolations(
      noWeakCredentials,
      minio(['MINIO_ROOT_USER=dhuser', 'MINIO_ROOT_PASSWORD=exactly-16-chars']),
    );
    await assertHasResourceViolation(
      noWeakCredentials,
      container(hardenedContainer({ envs: [`GF_SECURITY_ADMIN_PASSWORD=${STRONG}`] }), { minPasswordLength: 32 }),
      'GF_SECURITY_ADMIN_PASSWORD to a value of 20 characters, shorter than the minimum of 32',
    );
  });

  it('takes the weak list from config', async () => {
    await assertHasResourceViolation(
      noWeakCredentials,
      container(hardenedContainer({ envs: [`MINIO_SECRET_KEY=${STRONG}`] }), { weakPasswords: [STRONG.toUpperCase()] }),
      'sets MINIO_SECRET_KEY to a default or well-known value',
    );
  });

  it('flags MinIO and Grafana started without their admin secret: they fall back to a built-in login', async () => {
    await assertHasResourceViolation(
      noWeakCredentials,
      minio(['MINIO_UPDATE=off']),
      /runs minio without MINIO_ROOT_PASSWORD, so it starts with the built-in login minioadmin:minioadmin\. .*Fix: set MINIO_ROOT_USER and MINIO_ROOT_PASSWORD/,
    );
    await assertHasResourceViolation(
      noWeakCredentials,
      grafana(undefined),
      'runs grafana without GF_SECURITY_ADMIN_PASSWORD, so it starts with the built-in login admin:admin',
    );
    await assertNoResourceViolations(
      noWeakCredentials,
      grafana(['GF_SECURITY_ADMIN_PASSWORD__FILE=/run/secrets/grafana']),
    );
  });

  it('falls back to the image name for unlabelled containers', async () => {
    await assertHasResourceViolation(
      noWeakCredentials,
      container({ name: 'x', image: 'quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z', envs: [] }),
      'runs minio without MINIO_ROOT_PASSWORD',
    );
  });

  it('treats values unknown at preview time as unknown: a generated secret is not a violation', async () => {
    await assertNoResourceViolations(noWeakCredentials, minio(['MINIO_ROOT_USER=dhabc', UNKNOWN_VALUE]));
    await assertNoResourceViolations(noWeakCredentials, minio([UNKNOWN_VALUE, UNKNOWN_VALUE, 'MINIO_UPDATE=off']));
    await assertNoResourceViolations(noWeakCredentials, minio(UNKNOWN_VALUE));
    // Known entries are still judged next to unknown ones.
    await assertHasResourceViolation(
      noWeakCredentials,
      minio([UNKNOWN_VALUE, 'MINIO_ROOT_USER=minioadmin']),
      'sets MINIO_ROOT_USER to a default',
    );
  });
});

describe('grafana-no-anonymous-admin', () => {
  it('flags anonymous access with the Admin role', async () => {
    await assertHasResourceViolation(
      grafanaNoAnonymousAdmin,
      grafana(['GF_AUTH_ANONYMOUS_ENABLED=true', 'GF_AUTH_ANONYMOUS_ORG_ROLE=Admin']),
      /enables Grafana anonymous access with GF_AUTH_ANONYMOUS_ORG_ROLE=Admin\. Anonymous users must never be Admin: .*Fix: set GF_AUTH_ANONYMOUS_ENABLED=false, or GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer/,
    );
    await assertHasResourceViolation(
      grafanaNoAnonymousAdmin,
      grafana(['GF_AUTH_ANONYMOUS_ENABLED=True', 'GF_AUTH_ANONYMOUS_ORG_ROLE=admin']),
      'anonymous access',
    );
  });

  it('accepts anonymous Viewers, anonymous access off, and unknown env', async () => {
    await assertNoResourceViolations(
      grafanaNoAnonymousAdmin,
      grafana(['GF_AUTH_ANONYMOUS_ENABLED=true', 'GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer']),
    );
    await assertNoResourceViolations(
      grafanaNoAnonymousAdmin,
      grafana(['GF_AUTH_ANONYMOUS_ENABLED=false', 'GF_AUTH_ANONYMOUS_ORG_ROLE=Admin']),
    );
    await assertNoResourceViolations(grafanaNoAnonymousAdmin, grafana(UNKNOWN_VALUE));
    await assertNoResourceViolations(
      grafanaNoAnonymousAdmin,
      grafana(['GF_AUTH_ANONYMOUS_ENABLED=true', UNKNOWN_VALUE]),
    );
  });
});

import {
  containerHealthcheck,
  containerLogRotation,
  containerMemoryLimit,
  dockerContainerPolicies,
  containerRestartPolicy,
  containersRunAsNonRoot,
  dropAllCapabilities,
  noNewPrivileges,
  noPrivilegedContainers,
} from '../../../policies/docker/containers';
import {
  assertHasResourceViolation,
  assertNoResourceViolations,
  assertNotApplicable,
  runResourcePolicy,
} from '../../support/policy-args';
import { UNKNOWN_VALUE, container, hardenedContainer, volume } from './fixtures/props';

describe('container policies', () => {
  it.each(dockerContainerPolicies.map((p) => [p.name, p]))(
    '%s passes the hardened container',
    async (_name, policy) => {
      await assertNoResourceViolations(policy, container(hardenedContainer()));
    },
  );

  it.each(dockerContainerPolicies.map((p) => [p.name, p]))('%s does not apply to volumes', async (_name, policy) => {
    await assertNotApplicable(policy, volume({}), 'docker:index/container:Container');
  });
});

describe('no-privileged-containers', () => {
  it('flags privileged: true, naming the container and the fix', async () => {
    await assertHasResourceViolation(
      noPrivilegedContainers,
      container(hardenedContainer({ privileged: true })),
      /^container "datahub-test-app" \(app-app\) runs privileged\. .*Fix: remove `privileged`/,
    );
  });

  it('accepts privileged unset, and an unknown value', async () => {
    const { privileged: _p, ...rest } = hardenedContainer();
    await assertNoResourceViolations(noPrivilegedContainers, container(rest));
    await assertNoResourceViolations(
      noPrivilegedContainers,
      container(hardenedContainer({ privileged: UNKNOWN_VALUE })),
    );
  });
});

describe('containers-run-as-non-root', () => {
  it.each([['0'], ['0:0'], ['root'], ['ROOT:root'], [' 0 :1000']])('flags user %j', async (user) => {
    await assertHasResourceViolation(
      containersRunAsNonRoot,
      container(hardenedContainer({ user })),
      /runs as ".*"\. Containers must run as a non-root user .*Fix: set `user` to a non-root "uid:gid"/,
    );
  });

  it('flags a container without a user: the image default is root for most images', async () => {
    const { user: _u, ...rest } = hardenedContainer();
    await assertHasResourceViolation(
      containersRunAsNonRoot,
      container(rest),
      "sets no user, so it runs as the image's",
    );
    await assertHasResourceViolation(
      containersRunAsNonRoot,
      container(hardenedContainer({ user: '' })),
      'sets no user',
    );
  });

  it.each([['1000:1000'], ['65534'], ['472:0'], ['nobody']])('accepts user %j (gid 0 is not root)', async (user) => {
    await assertNoResourceViolations(containersRunAsNonRoot, container(hardenedContainer({ user })));
  });

  it('treats an unknown user as unknown', async () => {
    await assertNoResourceViolations(containersRunAsNonRoot, container(hardenedContainer({ user: UNKNOWN_VALUE })));
  });
});

describe('no-new-privileges', () => {
  it.each([[['no-new-privileges']], [['no-new-privileges=true']], [['seccomp=unconfined', 'no-new-privileges:true']]])(
    'accepts %j',
    async (securityOpts) => {
      await assertNoResourceViolations(noNewPrivileges, container(hardenedContainer({ securityOpts })));
    },
  );

  it.each([[[]], [['no-new-privileges:false']], [undefined]])('flags %j', async (securityOpts) => {
    await assertHasResourceViolation(
      noNewPrivileges,
      container(hardenedContainer({ securityOpts })),
      'does not set no-new-privileges. Every container must: without it a setuid binary',
    );
  });

  it('does not judge when an entry, or the list, is unknown', async () => {
    await assertNoResourceViolations(noNewPrivileges, container(hardenedContainer({ securityOpts: [UNKNOWN_VALUE] })));
    await assertNoResourceViolations(noNewPrivileges, container(hardenedContainer({ securityOpts: UNKNOWN_VALUE })));
  });
});

describe('drop-all-capabilities', () => {
  it('flags a container that does not drop ALL', async () => {
    await assertHasResourceViolation(
      dropAllCapabilities,
      container(hardenedContainer({ capabilities: { drops: ['NET_RAW'] } })),
      /does not drop ALL capabilities\. .*Fix: set `capabilities: \{ drops: \["ALL"\] \}`/,
    );
    const { capabilities: _c, ...rest } = hardenedContainer();
    await assertHasResourceViolation(dropAllCapabilities, container(rest), 'does not drop ALL');
  });

  it('accepts "all" and CAP_-prefixed names in any case', async () => {
    await assertNoResourceViolations(
      dropAllCapabilities,
      container(hardenedContainer({ capabilities: { drops: ['all'] } })),
    );
    await assertNoResourceViolations(
      dropAllCapabilities,
      container(hardenedContainer({ capabilities: { drops: ['ALL'], adds: ['cap_net_bind_service'] } }), {
        capabilityAllowlist: ['NET_BIND_SERVICE'],
      }),
    );
  });

  it('flags added capabilities that are not on the allowlist (empty by default)', async () => {
    const args = container(
      hardenedContainer({ capabilities: { drops: ['ALL'], adds: ['SYS_ADMIN', 'NET_BIND_SERVICE'] } }),
      {
        capabilityAllowlist: ['NET_BIND_SERVICE'],
      },
    );
    const { violations } = await runResourcePolicy(dropAllCapabilities, args);
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(
        /adds capabilities SYS_ADMIN, which are not on the allowlist \(NET_BIND_SERVICE\)\. .*Fix: remove them/,
      ),
    ]);
    await assertHasResourceViolation(
      dropAllCapabilities,
      container(hardenedContainer({ capabilities: { drops: ['ALL'], adds: ['CHOWN'] } })),
      'adds capabilities CHOWN, which are not on the allowlist (empty)',
    );
  });

  it('does not judge unknown capabilities', async () => {
    await assertNoResourceViolations(
      dropAllCapabilities,
      container(hardenedContainer({ capabilities: UNKNOWN_VALUE })),
    );
    await assertNoResourceViolations(
      dropAllCapabilities,
      container(hardenedContainer({ capabilities: { drops: [UNKNOWN_VALUE], adds: [UNKNOWN_VALUE] } })),
    );
  });
});

describe('container-healthcheck', () => {
  it('flags a missing healthcheck, an empty one, NONE and a CMD without command', async () => {
    const { healthcheck: _h, ...rest } = hardenedContainer();
    await assertHasResourceViolation(
      containerHealthcheck,
      container(rest),
      /has no healthcheck\. Long-running containers must have a healthcheck: .*Fix: set `healthcheck: \{ tests: \["CMD"/,
    );
    await assertHasResourceViolation(
      containerHealthcheck,
      container(hardenedContainer({ healthcheck: { tests: [] } })),
      'has no healthcheck',
    );
    await assertHasResourceViolation(
      containerHealthcheck,
      container(hardenedContainer({ healthcheck: { tests: ['NONE'] } })),
      'disables its healthcheck (tests: ["NONE"])',
    );
    await assertHasResourceViolation(
      containerHealthcheck,
      container(hardenedContainer({ healthcheck: { tests: ['CMD'] } })),
      'has a healthcheck "CMD" without a command',
    );
  });

  it('accepts CMD-SHELL, and skips one-shot containers and unknown tests', async () => {
    await assertNoResourceViolations(
      containerHealthcheck,
      container(hardenedContainer({ healthcheck: { tests: ['CMD-SHELL', 'curl -f localhost'] } })),
    );
    const { healthcheck: _h, ...rest } = hardenedContainer();
    await assertNotApplicable(containerHealthcheck, container({ ...rest, attach: true }), 'one-shot');
    await assertNoResourceViolations(
      containerHealthcheck,
      container(hardenedContainer({ healthcheck: { tests: UNKNOWN_VALUE } })),
    );
  });
});

describe('container-memory-limit', () => {
  it('flags a container without a memory limit, or with 0', async () => {
    const { memory: _m, ...rest } = hardenedContainer();
    await assertHasResourceViolation(
      containerMemoryLimit,
      container(rest),
      /has no memory limit\. Every container must set one: .*Fix: set `memory` \(MB, at least 32\)/,
    );
    await assertHasResourceViolation(
      containerMemoryLimit,
      container(hardenedContainer({ memory: 0 })),
      'has no memory limit',
    );
  });

  it('flags a limit under the configured minimum', async () => {
    await assertHasResourceViolation(
      containerMemoryLimit,
      container(hardenedContainer({ memory: 8 })),
      'has a memory limit of 8 MB, below the minimum of 32 MB',
    );
    await assertHasResourceViolation(
      containerMemoryLimit,
      container(hardenedContainer({ memory: 256 }), { minMemoryMb: 512 }),
      'has a memory limit of 256 MB, below the minimum of 512 MB',
    );
  });

  it('accepts a missing limit when requireMemoryLimit is off, and an unknown one', async () => {
    const { memory: _m, ...rest } = hardenedContainer();
    await assertNoResourceViolations(containerMemoryLimit, container(rest, { requireMemoryLimit: false }));
    await assertNoResourceViolations(containerMemoryLimit, container(hardenedContainer({ memory: UNKNOWN_VALUE })));
  });
});

describe('container-restart-policy', () => {
  it.each([['no'], [''], [undefined]])('flags restart %j', async (restart) => {
    await assertHasResourceViolation(
      containerRestartPolicy,
      container(hardenedContainer({ restart })),
      /has restart policy "no".*Fix: set `restart` to "unless-stopped", "always" or "on-failure"/,
    );
  });

  it.each([['always'], ['unless-stopped'], ['on-failure'], [UNKNOWN_VALUE]])('accepts restart %j', async (restart) => {
    await assertNoResourceViolations(containerRestartPolicy, container(hardenedContainer({ restart })));
  });
});

describe('container-log-rotation (advisory)', () => {
  it('is advisory', () => {
    expect(containerLogRotation.enforcementLevel).toBe('advisory');
  });

  it('flags json-file, explicit or by default, without max-size', async () => {
    await assertHasResourceViolation(
      containerLogRotation,
      container(hardenedContainer({ logOpts: { 'max-file': '3' } })),
      /logs to json-file without max-size\. .*Fix: set `logDriver: "json-file"` with `logOpts: \{ "max-size"/,
    );
    const { logDriver: _d, logOpts: _o, ...rest } = hardenedContainer();
    await assertHasResourceViolation(
      containerLogRotation,
      container(rest),
      'logs to json-file without max-size (json-file is the default driver)',
    );
  });

  it('accepts the local driver, skips drivers that ship logs elsewhere, and unknown values', async () => {
    await assertNoResourceViolations(
      containerLogRotation,
      container(hardenedContainer({ logDriver: 'local', logOpts: {} })),
    );
    await assertNotApplicable(
      containerLogRotation,
      container(hardenedContainer({ logDriver: 'journald', logOpts: {} })),
      'journald',
    );
    await assertNoResourceViolations(
      containerLogRotation,
      container(hardenedContainer({ logOpts: { 'max-size': UNKNOWN_VALUE } })),
    );
    await assertNoResourceViolations(containerLogRotation, container(hardenedContainer({ logDriver: UNKNOWN_VALUE })));
  });
});

/** How each container runs: privileges, user, capabilities, health, memory, restart, logs. */
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { isUnknown, knownStrings, list, num, record, str } from '../shared/props';
import { configOf } from '../shared/validate';
import { forContainers, forServiceContainers } from './resources';
import { booleanOption, integerOption, stringListOption } from '../shared/config-options';

export const noPrivilegedContainers: ResourceValidationPolicy = {
  name: 'no-privileged-containers',
  description: 'Checks whether a Docker container runs privileged.',
  enforcementLevel: 'mandatory',
  validateResource: forContainers(({ props, label, reportViolation }) => {
    if (props.privileged === true) {
      reportViolation(
        `${label} runs privileged. Containers must not run privileged: a privileged container gets every ` +
          "capability and the host's devices, so whoever takes over its process owns the host. " +
          'Fix: remove `privileged` (or set it to false) and add back only a capability it needs in `capabilities.adds`.',
      );
    }
  }),
};

export const containersRunAsNonRoot: ResourceValidationPolicy = {
  name: 'containers-run-as-non-root',
  description: 'Checks whether a Docker container sets a user other than root.',
  enforcementLevel: 'mandatory',
  validateResource: forContainers(({ props, label, reportViolation }) => {
    const user = str(props.user);
    if (isUnknown(user)) return;
    const fix = 'Fix: set `user` to a non-root "uid:gid" such as "1000:1000" that owns the files the service writes.';
    if (user === undefined || user.trim() === '') {
      reportViolation(
        `${label} sets no user, so it runs as the image's default user, which is root for most images. ` +
          'Containers must run as a non-root user: root in a container is root on the host once it escapes. ' +
          fix,
      );
      return;
    }
    const name = user.split(':')[0]!.trim();
    if (name === '0' || name.toLowerCase() === 'root') {
      reportViolation(
        `${label} runs as "${user}". Containers must run as a non-root user (uid not 0, not "root"): ` +
          'root in a container is root on the host once it escapes. ' +
          fix,
      );
    }
  }),
};

const NO_NEW_PRIVILEGES = /^no-new-privileges(?:[:=]true)?$/i;

export const noNewPrivileges: ResourceValidationPolicy = {
  name: 'no-new-privileges',
  description: 'Checks whether a Docker container sets the no-new-privileges security option.',
  enforcementLevel: 'mandatory',
  validateResource: forContainers(({ props, label, reportViolation }) => {
    const opts = knownStrings(props.securityOpts);
    if (opts.values.some((o) => NO_NEW_PRIVILEGES.test(o.trim())) || !opts.complete) return;
    reportViolation(
      `${label} does not set no-new-privileges. Every container must: without it a setuid binary in the image ` +
        'can gain privileges the container was started without. ' +
        'Fix: add "no-new-privileges:true" to `securityOpts`.',
    );
  }),
};

export interface CapabilitiesConfig {
  /** Capabilities a container may add back after dropping ALL, such as NET_BIND_SERVICE. */
  readonly capabilityAllowlist: readonly string[];
}
export const CAPABILITIES_DEFAULTS: CapabilitiesConfig = { capabilityAllowlist: [] };

/** `cap_net_admin`, `CAP_NET_ADMIN` and `NET_ADMIN` are the same capability. */
const capability = (name: string) => name.trim().toUpperCase().replace(/^CAP_/, '');

export const dropAllCapabilities: ResourceValidationPolicy = {
  name: 'drop-all-capabilities',
  description: 'Checks that a Docker container drops ALL capabilities and adds back only allowlisted ones.',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      capabilityAllowlist: stringListOption(
        CAPABILITIES_DEFAULTS.capabilityAllowlist,
        'Capabilities a container may add back, such as NET_BIND_SERVICE.',
      ),
    },
  },
  validateResource: forContainers(({ props, label, args, reportViolation }) => {
    const { capabilityAllowlist } = configOf(args, CAPABILITIES_DEFAULTS);
    const capabilities = record(props.capabilities);
    if (isUnknown(capabilities)) return;
    const drops = knownStrings(capabilities.drops);
    if (drops.complete && !drops.values.some((d) => capability(d) === 'ALL')) {
      reportViolation(
        `${label} does not drop ALL capabilities. Containers must start from no capabilities: Docker's default set ` +
          '(CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, …) is more than a service needs and widens what an attacker can do. ' +
          'Fix: set `capabilities: { drops: ["ALL"] }` and add back only what it needs in `adds`.',
      );
    }
    const allowed = new Set(capabilityAllowlist.map(capability));
    const extra = knownStrings(capabilities.adds).values.filter((a) => !allowed.has(capability(a)));
    if (extra.length > 0) {
      reportViolation(
        `${label} adds capabilities ${extra.join(', ')}, which are not on the allowlist ` +
          `(${allowed.size > 0 ? [...allowed].join(', ') : 'empty'}). Containers may add back only allowlisted ` +
          'capabilities: each one grants kernel privileges an attacker inherits. ' +
          "Fix: remove them from `capabilities.adds`, or, if one is really needed, add it to this policy's " +
          '`capabilityAllowlist` in the policy config file and say why in review.',
      );
    }
  }),
};

export const containerHealthcheck: ResourceValidationPolicy = {
  name: 'container-healthcheck',
  description: 'Checks whether a long-running Docker container has a healthcheck.',
  enforcementLevel: 'mandatory',
  validateResource: forServiceContainers(({ props, label, reportViolation }) => {
    const fix =
      'Fix: set `healthcheck: { tests: ["CMD", <command that fails when the service is unhealthy>], interval, timeout, retries }`.';
    const healthcheck = record(props.healthcheck);
    if (isUnknown(healthcheck)) return;
    const tests = list(healthcheck.tests);
    if (isUnknown(tests)) return;
    const reason =
      'Long-running containers must have a healthcheck: without one Docker reports a hung service as running, ' +
      'so neither `wait`, restarts nor monitoring notice it.';
    if (tests.length === 0) {
      reportViolation(`${label} has no healthcheck. ${reason} ${fix}`);
      return;
    }
    const [kind] = tests;
    if (kind === 'NONE') {
      reportViolation(`${label} disables its healthcheck (tests: ["NONE"]). ${reason} ${fix}`);
    } else if ((kind === 'CMD' || kind === 'CMD-SHELL') && tests.length < 2) {
      reportViolation(`${label} has a healthcheck "${kind}" without a command. ${reason} ${fix}`);
    }
  }),
};

export interface MemoryConfig {
  readonly requireMemoryLimit: boolean;
  /** The smallest limit accepted, in MB (the Docker provider's `memory` unit). */
  readonly minMemoryMb: number;
}
export const MEMORY_DEFAULTS: MemoryConfig = { requireMemoryLimit: true, minMemoryMb: 32 };

export const containerMemoryLimit: ResourceValidationPolicy = {
  name: 'container-memory-limit',
  description: 'Checks whether a Docker container has a memory limit of at least the configured minimum.',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      requireMemoryLimit: booleanOption(MEMORY_DEFAULTS.requireMemoryLimit, 'Every container must set `memory`.'),
      minMemoryMb: integerOption(MEMORY_DEFAULTS.minMemoryMb, 4, 'The smallest `memory` accepted, in MB.'),
    },
  },
  validateResource: forContainers(({ props, label, args, reportViolation }) => {
    const { requireMemoryLimit, minMemoryMb } = configOf(args, MEMORY_DEFAULTS);
    const memory = num(props.memory);
    if (isUnknown(memory)) return;
    if (memory === undefined || memory <= 0) {
      if (requireMemoryLimit) {
        reportViolation(
          `${label} has no memory limit. Every container must set one: without it a leak or a load spike in one ` +
            'service takes the memory of the whole host and the kernel kills whatever it picks. ' +
            `Fix: set \`memory\` (MB, at least ${minMemoryMb}) and \`memorySwap\` to the same value; ` +
            'for DataHub services that is datahub:memoryMb in the stack config.',
        );
      }
      return;
    }
    if (memory < minMemoryMb) {
      reportViolation(
        `${label} has a memory limit of ${memory} MB, below the minimum of ${minMemoryMb} MB. ` +
          'A limit that small is almost certainly a unit mistake (`memory` is in MB) and gets the service OOM-killed. ' +
          `Fix: set \`memory\` to at least ${minMemoryMb}.`,
      );
    }
  }),
};

export const containerRestartPolicy: ResourceValidationPolicy = {
  name: 'container-restart-policy',
  description: 'Checks whether a Docker container has a restart policy other than "no".',
  enforcementLevel: 'mandatory',
  validateResource: forServiceContainers(({ props, label, reportViolation }) => {
    const restart = str(props.restart);
    if (isUnknown(restart)) return;
    if (restart === undefined || restart === '' || restart === 'no') {
      reportViolation(
        `${label} has restart policy "${restart || 'no'}" (the provider's default when unset). ` +
          'Long-running containers must restart on their own: with "no", a crash or a host reboot leaves the ' +
          'service down until someone deploys again. Fix: set `restart` to "unless-stopped", "always" or "on-failure".',
      );
    }
  }),
};

/** Drivers that keep logs on the host and rotate without options (`local`: 5 files of 20 MB). */
const SELF_ROTATING_DRIVERS = new Set(['local']);

export const containerLogRotation: ResourceValidationPolicy = {
  name: 'container-log-rotation',
  description: 'Checks whether a Docker container logging to json-file rotates its logs with max-size.',
  enforcementLevel: 'advisory',
  validateResource: forContainers(({ props, label, args, reportViolation }) => {
    const driver = str(props.logDriver);
    if (isUnknown(driver)) return;
    const effective = driver === undefined || driver === '' ? 'json-file' : driver;
    if (SELF_ROTATING_DRIVERS.has(effective)) return;
    if (effective !== 'json-file') args.notApplicable(`logs go to the "${effective}" driver, rotated outside Docker`);
    const logOpts = record(props.logOpts);
    if (isUnknown(logOpts)) return;
    const maxSize = str(logOpts['max-size']);
    if (isUnknown(maxSize) || (maxSize !== undefined && maxSize !== '')) return;
    reportViolation(
      `${label} logs to json-file without max-size${driver ? '' : ' (json-file is the default driver)'}. ` +
        "Container logs should rotate: json-file never deletes anything, so a chatty service fills the host's disk. " +
        'Fix: set `logDriver: "json-file"` with `logOpts: { "max-size": "10m", "max-file": "3" }`, or use `logDriver: "local"`.',
    );
  }),
};

export const dockerContainerPolicies: readonly ResourceValidationPolicy[] = [
  noPrivilegedContainers,
  containersRunAsNonRoot,
  noNewPrivileges,
  dropAllCapabilities,
  containerHealthcheck,
  containerMemoryLimit,
  containerRestartPolicy,
  containerLogRotation,
];

/** What a container exposes on the host: published ports and host networking. */
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { isUnknown, list, num, record, str } from '../shared/props';
import { configOf } from '../shared/validate';
import { forContainers } from './resources';
import { booleanOption, stringListOption } from '../shared/config-options';

export interface BindConfig {
  /** Host addresses ports may be published on. */
  readonly allowedBindAddresses: readonly string[];
  /** Allows publishing on any address (and host networking): a deliberate, reviewed exception. */
  readonly allowPublicBind: boolean;
}
export const BIND_DEFAULTS: BindConfig = { allowedBindAddresses: ['127.0.0.1'], allowPublicBind: false };

/** The Docker provider publishes a port without `ip` on every address. */
const ANY_ADDRESS = '0.0.0.0';

export const portsBoundToAllowedAddresses: ResourceValidationPolicy = {
  name: 'ports-bound-to-allowed-addresses',
  description: 'Checks that a Docker container publishes host ports only on allowed addresses (127.0.0.1 by default).',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      allowedBindAddresses: stringListOption(
        BIND_DEFAULTS.allowedBindAddresses,
        'Host addresses a port may be published on.',
      ),
      allowPublicBind: booleanOption(
        BIND_DEFAULTS.allowPublicBind,
        'Allow publishing on any address, and host networking.',
      ),
    },
  },
  validateResource: forContainers(({ props, label, args, reportViolation }) => {
    const { allowedBindAddresses, allowPublicBind } = configOf(args, BIND_DEFAULTS);
    if (allowPublicBind) args.notApplicable('allowPublicBind is true');
    const allowed = allowedBindAddresses.join(', ');
    const reason =
      'Ports must be published only on allowed addresses: anything else reaches the services from other ' +
      'machines, without TLS, in front of the reverse proxy.';

    if (str(props.networkMode) === 'host') {
      reportViolation(
        `${label} uses host networking, which puts every port it listens on on every host address. ${reason} ` +
          `Fix: remove \`networkMode: "host"\`, attach it to the stack network and publish its ports with \`ip\` one of ${allowed}.`,
      );
    }

    const ports = list(props.ports);
    if (isUnknown(ports)) return;
    for (const entry of ports) {
      const port = record(entry);
      if (isUnknown(port)) continue;
      const ip = str(port.ip);
      if (isUnknown(ip)) continue;
      const address = ip === undefined || ip === '' ? ANY_ADDRESS : ip;
      if (allowedBindAddresses.includes(address)) continue;
      const internal = num(port.internal);
      const external = num(port.external);
      const where = `${address}:${typeof external === 'number' ? external : '<random>'}`;
      const container = typeof internal === 'number' ? `container port ${internal}` : 'a container port';
      reportViolation(
        `${label} publishes ${container} on ${where}${ip ? '' : ' (no `ip` means every address)'}. ${reason} ` +
          `Fix: set the port's \`ip\` to one of ${allowed} (datahub:bindAddress for DataHub services), ` +
          'or, for a reviewed exception, set allowPublicBind in the policy config file.',
      );
    }
  }),
};

export const dockerNetworkPolicies: readonly ResourceValidationPolicy[] = [portsBoundToAllowedAddresses];

/** Where data lives: MinIO on a named volume, and data volumes safe from `pulumi destroy`. */
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { isUnknown, knownStrings, list, record, str } from '../shared/props';
import { configOf, forTypes } from '../shared/validate';
import { VOLUME, forContainers, serviceOf } from './resources';
import { booleanOption } from '../shared/config-options';

/** The data directories of `minio server [flags] DIR…` (flag values skipped, URL paths kept, `{1...4}` cut off). */
export function minioDataDirs(command: readonly string[]): string[] {
  const start = command.indexOf('server');
  if (start === -1) return [];
  const dirs: string[] = [];
  for (let i = start + 1; i < command.length; i++) {
    const arg = command[i]!;
    if (arg.startsWith('-')) {
      if (!arg.includes('=')) i++;
      continue;
    }
    const path = arg.replace(/^https?:\/\/[^/]*/, '').replace(/\{.*$/, '');
    if (path.startsWith('/')) dirs.push(path.replace(/(.)\/+$/, '$1'));
  }
  return dirs;
}

const covers = (mount: string, dir: string) => {
  const m = mount.replace(/(.)\/+$/, '$1');
  return dir === m || dir.startsWith(m === '/' ? '/' : `${m}/`);
};

export const minioDataOnNamedVolume: ResourceValidationPolicy = {
  name: 'minio-data-on-named-volume',
  description: 'Checks that a MinIO container keeps its data directory on a named Docker volume.',
  enforcementLevel: 'mandatory',
  validateResource: forContainers(({ props, label, args, reportViolation }) => {
    if (serviceOf(props) !== 'minio') args.notApplicable('not a MinIO container');
    const volumes = list(props.volumes);
    if (isUnknown(volumes)) return;
    const command = knownStrings(props.command);
    const dirs = command.complete ? minioDataDirs(command.values) : [];
    const named: string[] = [];
    for (const entry of volumes) {
      const volume = record(entry);
      if (isUnknown(volume)) return;
      const volumeName = str(volume.volumeName);
      const containerPath = str(volume.containerPath);
      if (isUnknown(containerPath)) return;
      // A volume whose name is still unknown is still a named volume.
      if (volumeName !== undefined && volumeName !== '' && containerPath !== undefined) named.push(containerPath);
    }
    const where = dirs.length > 0 ? dirs.join(', ') : 'its data directory';
    const missing =
      dirs.length > 0 ? dirs.filter((d) => !named.some((m) => covers(m, d))) : named.length ? [] : [where];
    if (missing.length === 0) return;
    reportViolation(
      `${label} keeps ${missing.join(', ')} outside a named volume. MinIO's data must be on a named Docker volume: ` +
        "in the container's writable layer it is lost when the container is replaced (any change to image, env or " +
        'ports), and a host bind mount is outside what Pulumi tracks and protects. ' +
        `Fix: declare a docker.Volume and mount it with \`volumes: [{ volumeName: volume.name, containerPath: "${dirs[0] ?? '/data'}" }]\`.`,
    );
  }),
};

export interface VolumeProtectionConfig {
  readonly requireProtectedVolumes: boolean;
}
export const VOLUME_PROTECTION_DEFAULTS: VolumeProtectionConfig = { requireProtectedVolumes: false };

export const dataVolumesProtected: ResourceValidationPolicy = {
  name: 'data-volumes-protected',
  description: 'Checks whether Docker volumes are protected from deletion when requireProtectedVolumes is on.',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      requireProtectedVolumes: booleanOption(
        VOLUME_PROTECTION_DEFAULTS.requireProtectedVolumes,
        'Every docker.Volume must have the protect resource option (on for prod).',
      ),
    },
  },
  validateResource: forTypes([VOLUME], (props, args, reportViolation) => {
    const { requireProtectedVolumes } = configOf(args, VOLUME_PROTECTION_DEFAULTS);
    if (!requireProtectedVolumes) args.notApplicable('requireProtectedVolumes is off');
    // @pulumi/policy 1.21 passes `protect` in args.opts but not `retainOnDelete`, so only protect
    // can be checked here; the program sets both together (infra/docker/data-volume.ts), and the
    // program tests check retainOnDelete.
    if (args.opts.protect) return;
    const name = str(props.name);
    const docker = typeof name === 'string' ? ` ("${name}")` : '';
    reportViolation(
      `Volume ${args.name}${docker} is not protected. Data volumes on this stack must be protected: an unprotected ` +
        'volume is deleted by `pulumi destroy` or by a replacement, and the data with it. ' +
        'Fix: declare it with `{ protect: true, retainOnDelete: true }` (datahub:protectData: true in the stack config).',
    );
  }),
};

export const dockerStoragePolicies: readonly ResourceValidationPolicy[] = [
  minioDataOnNamedVolume,
  dataVolumesProtected,
];

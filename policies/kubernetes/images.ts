/** Which bytes a workload runs: container images pinned by digest. */
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { parseImageRef } from '../shared/image-ref';
import { str } from '../shared/props';
import { WORKLOADS, forWorkloads } from './workloads';
import { booleanOption } from '../shared/config-options';

export interface DigestConfig {
  /** Every container image must carry @sha256:<digest>; off, a version tag other than latest is enough. */
  readonly requireDigest: boolean;
}
export const DIGEST_DEFAULTS: DigestConfig = { requireDigest: true };

export const kubernetesImagesByDigest: ResourceValidationPolicy = {
  name: 'kubernetes-images-by-digest',
  description: 'Checks whether every container image of a Kubernetes workload is pinned by digest.',
  enforcementLevel: 'mandatory',
  configSchema: {
    properties: {
      requireDigest: booleanOption(
        DIGEST_DEFAULTS.requireDigest,
        'Require @sha256:<digest> on every container image (off: a version tag other than latest).',
      ),
    },
  },
  validateResource: forWorkloads(WORKLOADS, ({ containers, label, report, getConfig }) => {
    const { requireDigest } = { ...DIGEST_DEFAULTS, ...getConfig<Partial<DigestConfig>>() };
    for (const c of containers) {
      const image = str(c.props.image);
      if (typeof image !== 'string') continue;
      const ref = parseImageRef(image);
      if (ref.digest !== undefined) continue;
      const unversioned = ref.tag === undefined || ref.tag === 'latest';
      if (!requireDigest && !unversioned) continue;
      report(
        `${label}: ${c.label} runs "${image}", which is not pinned by digest. Images must be pinned by digest: a ` +
          'tag can be moved to other bytes, so nodes pulling at different times run different software and a ' +
          `rollback cannot name what ran. Fix: use "${ref.repository}@sha256:<digest>" (for a built image, ` +
          "docker.Image's repoDigest).",
      );
    }
  }),
};

export const kubernetesImagePolicies: readonly ResourceValidationPolicy[] = [kubernetesImagesByDigest];

/** The pack's policies as index.ts assembles them, by platform and domain file (index.ts itself is never imported). */
import type { ResourceValidationPolicy, StackValidationPolicy } from '../../../policies/shared/policy-sdk';
import { dockerContainerPolicies } from '../../../policies/docker/containers';
import { dockerCredentialPolicies } from '../../../policies/docker/credentials';
import { dockerImagePolicies } from '../../../policies/docker/images';
import { dockerMonitoringPolicies } from '../../../policies/docker/monitoring';
import { dockerNetworkPolicies } from '../../../policies/docker/network';
import { dockerStoragePolicies } from '../../../policies/docker/storage';
import { kubernetesAvailabilityPolicies } from '../../../policies/kubernetes/availability';
import { kubernetesContainerPolicies } from '../../../policies/kubernetes/containers';
import { kubernetesImagePolicies } from '../../../policies/kubernetes/images';

export type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** Domain file (under policies/, without .ts) → the name of the list it exports, and the list. */
export const DOMAINS: Readonly<Record<string, { readonly exported: string; readonly policies: readonly AnyPolicy[] }>> =
  {
    'docker/containers': { exported: 'dockerContainerPolicies', policies: dockerContainerPolicies },
    'docker/network': { exported: 'dockerNetworkPolicies', policies: dockerNetworkPolicies },
    'docker/images': { exported: 'dockerImagePolicies', policies: dockerImagePolicies },
    'docker/credentials': { exported: 'dockerCredentialPolicies', policies: dockerCredentialPolicies },
    'docker/storage': { exported: 'dockerStoragePolicies', policies: dockerStoragePolicies },
    'docker/monitoring': { exported: 'dockerMonitoringPolicies', policies: dockerMonitoringPolicies },
    'kubernetes/containers': { exported: 'kubernetesContainerPolicies', policies: kubernetesContainerPolicies },
    'kubernetes/images': { exported: 'kubernetesImagePolicies', policies: kubernetesImagePolicies },
    'kubernetes/availability': { exported: 'kubernetesAvailabilityPolicies', policies: kubernetesAvailabilityPolicies },
  };

export const POLICIES: readonly AnyPolicy[] = Object.values(DOMAINS).flatMap((d) => d.policies);

/** The policies of one platform: those of the domain files in its folder. */
export const policiesOf = (platform: 'docker' | 'kubernetes'): readonly AnyPolicy[] =>
  Object.entries(DOMAINS)
    .filter(([file]) => file.startsWith(`${platform}/`))
    .flatMap(([, d]) => d.policies);

export const isStackPolicy = (policy: AnyPolicy): policy is StackValidationPolicy => 'validateStack' in policy;

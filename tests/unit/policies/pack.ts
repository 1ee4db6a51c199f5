/** The pack's policies as index.ts assembles them, by domain file (index.ts itself is never imported). */
import type { ResourceValidationPolicy, StackValidationPolicy } from '../../../policies/common';
import { containerPolicies } from '../../../policies/containers';
import { credentialPolicies } from '../../../policies/credentials';
import { imagePolicies } from '../../../policies/images';
import { kubernetesPolicies } from '../../../policies/kubernetes';
import { monitoringPolicies } from '../../../policies/monitoring';
import { networkPolicies } from '../../../policies/network';
import { storagePolicies } from '../../../policies/storage';

export type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** Domain file → the name of the list it exports, and the list. */
export const DOMAINS: Readonly<Record<string, { readonly exported: string; readonly policies: readonly AnyPolicy[] }>> =
  {
    containers: { exported: 'containerPolicies', policies: containerPolicies },
    network: { exported: 'networkPolicies', policies: networkPolicies },
    images: { exported: 'imagePolicies', policies: imagePolicies },
    credentials: { exported: 'credentialPolicies', policies: credentialPolicies },
    storage: { exported: 'storagePolicies', policies: storagePolicies },
    monitoring: { exported: 'monitoringPolicies', policies: monitoringPolicies },
    kubernetes: { exported: 'kubernetesPolicies', policies: kubernetesPolicies },
  };

export const POLICIES: readonly AnyPolicy[] = Object.values(DOMAINS).flatMap((d) => d.policies);

export const isStackPolicy = (policy: AnyPolicy): policy is StackValidationPolicy => 'validateStack' in policy;

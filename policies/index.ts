/**
 * The DataHub policy pack: `pulumi preview --stack <stack> --policy-pack policies`
 * (prod: add `--policy-pack-config policies/config/prod.json`). It only assembles the pack;
 * the policies live in one file per platform and domain (docker/, kubernetes/), and what they
 * share in shared/. Constructing the pack starts the policy gRPC server, so nothing imports
 * this file but the policy host.
 */
import { PolicyPack } from '@pulumi/policy';
import { dockerContainerPolicies } from './docker/containers';
import { dockerNetworkPolicies } from './docker/network';
import { dockerImagePolicies } from './docker/images';
import { dockerCredentialPolicies } from './docker/credentials';
import { dockerStoragePolicies } from './docker/storage';
import { dockerMonitoringPolicies } from './docker/monitoring';
import { kubernetesContainerPolicies } from './kubernetes/containers';
import { kubernetesImagePolicies } from './kubernetes/images';
import { kubernetesAvailabilityPolicies } from './kubernetes/availability';

new PolicyPack('datahub', {
  enforcementLevel: 'mandatory',
  policies: [
    ...dockerContainerPolicies,
    ...dockerNetworkPolicies,
    ...dockerImagePolicies,
    ...dockerCredentialPolicies,
    ...dockerStoragePolicies,
    ...dockerMonitoringPolicies,
    ...kubernetesContainerPolicies,
    ...kubernetesImagePolicies,
    ...kubernetesAvailabilityPolicies,
  ],
});

/**
 * The DataHub policy pack: `pulumi preview --stack <stack> --policy-pack policies`
 * (prod: add `--policy-pack-config policies/config/prod.json`). It only assembles the pack;
 * the policies live in one file per domain. Constructing the pack starts the policy gRPC
 * server, so nothing imports this file but the policy host.
 */
import { PolicyPack } from '@pulumi/policy';
import { containerPolicies } from './containers';
import { credentialPolicies } from './credentials';
import { imagePolicies } from './images';
import { kubernetesPolicies } from './kubernetes';
import { monitoringPolicies } from './monitoring';
import { networkPolicies } from './network';
import { storagePolicies } from './storage';

new PolicyPack('datahub', {
  enforcementLevel: 'mandatory',
  policies: [
    ...containerPolicies,
    ...networkPolicies,
    ...imagePolicies,
    ...credentialPolicies,
    ...storagePolicies,
    ...monitoringPolicies,
    ...kubernetesPolicies,
  ],
});

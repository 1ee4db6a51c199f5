/**
 * The container securityContext of the restricted Pod Security Standard plus a read-only root,
 * written out from the Kubernetes documentation: the tests' own statement of it, kept apart from
 * infra/kubernetes/workload.ts on purpose so that a change there cannot pass unnoticed.
 */
export const RESTRICTED_CONTAINER_SECURITY = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** The deploy, preview, verify and destroy commands' exit codes (docs/operations.md lists them). */
export const EXIT = {
  ok: 0,
  /** The operation failed and nothing was rolled back: `deploy --no-rollback`, or `verify`, `preview`, `destroy`. */
  failed: 1,
  /** The plan was refused: data loss without --allow-data-loss, or a mandatory policy violation. */
  gated: 2,
  /** `up` or verification failed and the rollback to the last good release succeeded. */
  rolledBack: 3,
  /** `up` or verification failed and the rollback failed too (or there was nothing to roll back to). */
  rollbackFailed: 4,
  /** Bad flags or an unknown stack. */
  usage: 64,
  /** The Pulumi CLI is not installed. */
  pulumiMissing: 127,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

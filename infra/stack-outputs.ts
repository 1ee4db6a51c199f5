import type * as pulumi from '@pulumi/pulumi';

/** What every platform returns, and infra/index.ts exports: endpoints, the app image, credentials as secrets. */
export interface StackOutputs {
  readonly appUrl: pulumi.Output<string>;
  readonly minioApiUrl: pulumi.Output<string>;
  readonly minioConsoleUrl: pulumi.Output<string>;
  readonly prometheusUrl: pulumi.Output<string>;
  readonly alertmanagerUrl: pulumi.Output<string>;
  readonly grafanaUrl: pulumi.Output<string | undefined>;
  /** What the app runs: a local image id on Docker, a registry reference by digest on Kubernetes. */
  readonly appImageDigest: pulumi.Output<string>;
  readonly minioRootUser: pulumi.Output<string>;
  readonly minioRootPassword: pulumi.Output<string>;
  readonly grafanaAdminUser: string;
  readonly grafanaAdminPassword: pulumi.Output<string>;
}

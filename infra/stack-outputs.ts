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

/** The outputs from the components, the same way on every platform (the components keep one shape). */
export function stackOutputs(parts: {
  readonly app: { readonly url: pulumi.Output<string>; readonly imageDigest: pulumi.Output<string> };
  readonly objectStore: { readonly apiUrl: pulumi.Output<string>; readonly consoleUrl: pulumi.Output<string> };
  readonly monitoring: Pick<StackOutputs, 'prometheusUrl' | 'alertmanagerUrl' | 'grafanaUrl'>;
  readonly credentials: Pick<
    StackOutputs,
    'minioRootUser' | 'minioRootPassword' | 'grafanaAdminUser' | 'grafanaAdminPassword'
  >;
}): StackOutputs {
  const { app, objectStore, monitoring, credentials } = parts;
  return {
    appUrl: app.url,
    minioApiUrl: objectStore.apiUrl,
    minioConsoleUrl: objectStore.consoleUrl,
    prometheusUrl: monitoring.prometheusUrl,
    alertmanagerUrl: monitoring.alertmanagerUrl,
    grafanaUrl: monitoring.grafanaUrl,
    appImageDigest: app.imageDigest,
    minioRootUser: credentials.minioRootUser,
    minioRootPassword: credentials.minioRootPassword,
    grafanaAdminUser: credentials.grafanaAdminUser,
    grafanaAdminPassword: credentials.grafanaAdminPassword,
  };
}

import * as pulumi from '@pulumi/pulumi';
import { StackConfigError, parseStackConfig } from './config';
import { dockerPlatform } from './docker/platform';
import { kubernetesPlatform } from './kubernetes/platform';
import type { Platform, PlatformName } from './platform';
import { stackSecrets } from './stack-secrets';

/** Config keys set with `--secret`; the SDK knows them but does not type the function. */
function secretConfigKeys(raw: Record<string, string>): Set<string> {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  return new Set(Object.keys(raw).filter((key) => runtime.isConfigSecret?.(key) === true));
}

const raw = pulumi.runtime.allConfig();

function loadStackConfig() {
  try {
    return parseStackConfig(pulumi.getStack(), raw, secretConfigKeys(raw));
  } catch (err) {
    // RunError ends the program with the message alone: no stack trace, no resource declared.
    if (err instanceof StackConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
}

const config = loadStackConfig();
// One program, two platforms: the same services and outputs on either (pulumi/examples kubernetes-ts-multicloud).
const PLATFORMS: Readonly<Record<PlatformName, Platform>> = { docker: dockerPlatform, kubernetes: kubernetesPlatform };
const stack = PLATFORMS[config.platform].deploy(config, stackSecrets(config, raw));

export const appUrl = stack.appUrl;
export const minioApiUrl = stack.minioApiUrl;
export const minioConsoleUrl = stack.minioConsoleUrl;
export const prometheusUrl = stack.prometheusUrl;
export const alertmanagerUrl = stack.alertmanagerUrl;
export const grafanaUrl = stack.grafanaUrl;
export const appImageDigest = stack.appImageDigest;
export const minioRootUser = stack.minioRootUser;
export const minioRootPassword = stack.minioRootPassword;
export const grafanaAdminUser = stack.grafanaAdminUser;
export const grafanaAdminPassword = stack.grafanaAdminPassword;

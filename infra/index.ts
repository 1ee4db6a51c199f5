import * as pulumi from '@pulumi/pulumi';
import { StackConfigError, parseStackConfig } from './config';
import { deployDocker } from './docker/platform';

function loadStackConfig() {
  try {
    return parseStackConfig(pulumi.getStack(), pulumi.runtime.allConfig());
  } catch (err) {
    // RunError ends the program with the message alone: no stack trace, no resource declared.
    if (err instanceof StackConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
}

const config = loadStackConfig();
const stack = deployDocker(config);

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

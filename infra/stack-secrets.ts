import * as pulumi from '@pulumi/pulumi';
import { NAMESPACE, SECRET_KEYS, type SecretKey, type StackConfig } from './config';

/** The values of the secret keys that are set, as secret Outputs: they never enter StackConfig. */
export type StackSecrets = Readonly<Partial<Record<SecretKey, pulumi.Output<string>>>>;

/** The secret values from the raw config the program was given (parseStackConfig has checked them). */
export function stackSecrets(
  config: Pick<StackConfig, 'secrets'>,
  raw: Readonly<Record<string, string>>,
): StackSecrets {
  const secrets: Partial<Record<SecretKey, pulumi.Output<string>>> = {};
  for (const key of SECRET_KEYS) {
    const value = raw[`${NAMESPACE}:${key}`];
    if (config.secrets[key] && value !== undefined) secrets[key] = pulumi.secret(value);
  }
  return secrets;
}

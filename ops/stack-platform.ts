/**
 * The platform a stack's run config deploys on, read the way the program reads it
 * (parseStackConfig, defaults included), so the CLI names the right tool to the operator.
 */
import { DEFAULT_PLATFORM, NAMESPACE, PLATFORMS, StackConfigError, parseStackConfig } from '../infra/config';
import type { InspectTarget, PlatformRules } from '../infra/platform';
import { PLATFORM_RULES } from '../infra/platform-rules';

export interface ConfiguredPlatform {
  readonly rules: PlatformRules;
  readonly target: InspectTarget;
}

/** `plain`: the run config's non-secret values (`datahub:key` → text); `secretKeys`: the keys set as secrets. */
export function configuredPlatform(
  stack: string,
  plain: Readonly<Record<string, string>>,
  secretKeys: ReadonlySet<string>,
): ConfiguredPlatform {
  // Secret values stay encrypted; the config checks only need to know that they are set.
  const raw = { ...plain, ...Object.fromEntries([...secretKeys].map((key) => [key, '(secret)'])) };
  try {
    const config = parseStackConfig(stack, raw, secretKeys);
    return { rules: PLATFORM_RULES[config.platform], target: { stack, kubernetes: config.kubernetes } };
  } catch (err) {
    if (!(err instanceof StackConfigError)) throw err;
    // The program refuses this config at preview, naming every problem; until then, the platform it names.
    const named = PLATFORMS.find((name) => name === plain[`${NAMESPACE}:platform`]) ?? DEFAULT_PLATFORM;
    return { rules: PLATFORM_RULES[named], target: { stack } };
  }
}

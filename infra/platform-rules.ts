/**
 * Each platform's rules for the ops CLI, by `datahub:platform`. Pure, and free of provider SDKs at
 * run time, like the rules themselves.
 */
import { dockerRules } from './docker/platform-rules';
import { kubernetesRules } from './kubernetes/platform-rules';
import { DEFAULT_PLATFORM } from './config';
import type { PlatformName, PlatformRules, StateEntry } from './platform';

export const PLATFORM_RULES: Readonly<Record<PlatformName, PlatformRules>> = {
  docker: dockerRules,
  kubernetes: kubernetesRules,
};

// A Kubernetes stack also holds Docker resources (the provider and image that build its app
// image), so Kubernetes is asked first.
const BY_PRECEDENCE: readonly PlatformRules[] = [kubernetesRules, dockerRules];

/**
 * The platform that deployed a stack's state: the first that owns one of its resources. The
 * default platform for a state without any (its rules have nothing there to tell apart).
 */
export function platformOfState(resources: readonly Pick<StateEntry, 'type'>[]): PlatformName {
  return BY_PRECEDENCE.find((rules) => resources.some((r) => rules.ownsType(r.type)))?.name ?? DEFAULT_PLATFORM;
}

/** Every policy of the pack against every registration of a program run under Pulumi's mocks. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  configFor,
  fromRegistration,
  runResourcePolicy,
  runStackPolicy,
  stackFromRegistrations,
  type PackConfig,
} from '../../support/policy-args';
import { REPO, type ProgramRun } from '../../support/pulumi-program';
import { POLICIES, isStackPolicy } from './pack';

/** policies/config/<name>.json, the file `--policy-pack-config` is given. */
export function packConfigFile(name: string): PackConfig {
  return JSON.parse(readFileSync(path.join(REPO, 'policies', 'config', `${name}.json`), 'utf8')) as PackConfig;
}

export interface Finding {
  /** The resource the violation is about: its name, or "stack" for a stack violation without URN. */
  readonly resource: string;
  readonly message: string;
}

export interface Evaluation {
  /** Policy name → its violations; policies without any are absent. */
  readonly violations: Readonly<Record<string, readonly Finding[]>>;
  /** Policy name → the resources it applied to (not reported not-applicable); "stack" for stack policies. */
  readonly applied: Readonly<Record<string, readonly string[]>>;
}

export interface EvaluateOptions {
  readonly pack?: PackConfig;
  /** As on the first preview: every secret input (generated credentials) unknown. */
  readonly unknownSecrets?: boolean;
}

export async function evaluateProgram(run: ProgramRun, options: EvaluateOptions = {}): Promise<Evaluation> {
  const violations: Record<string, Finding[]> = {};
  const applied: Record<string, string[]> = {};
  const nameOfUrn = new Map(run.resources.map((r) => [r.urn, r.name]));
  const custom = run.resources.filter((r) => r.custom);
  for (const policy of POLICIES) {
    const config = configFor(options.pack, policy.name);
    const found: Finding[] = [];
    const hits: string[] = [];
    if (isStackPolicy(policy)) {
      const args = stackFromRegistrations(run.resources, { config, unknownSecrets: options.unknownSecrets ?? false });
      const outcome = await runStackPolicy(policy, args);
      if (outcome.notApplicable === undefined) hits.push('stack');
      for (const v of outcome.violations) {
        found.push({ resource: (v.urn && nameOfUrn.get(v.urn)) ?? 'stack', message: v.message });
      }
    } else {
      for (const r of custom) {
        const args = fromRegistration(r, { config, unknownSecrets: options.unknownSecrets ?? false });
        const outcome = await runResourcePolicy(policy, args);
        if (outcome.notApplicable === undefined) hits.push(r.name);
        for (const v of outcome.violations) found.push({ resource: r.name, message: v.message });
      }
    }
    applied[policy.name] = hits;
    if (found.length > 0) violations[policy.name] = found;
  }
  return { violations, applied };
}

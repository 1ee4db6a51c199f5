/**
 * The deploy and destroy drivers on the Pulumi Automation API: a LocalWorkspace on the repo (the
 * project's Pulumi.yaml and Pulumi.<stack>.yaml), the policy pack on every preview and update, and
 * engine events mapped to plan steps, policy violations and progress (engine-events.ts). This is
 * the only module that talks to the Pulumi CLI; the flows are tested against fakes of its
 * interfaces.
 */
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  LocalWorkspace,
  PulumiCommand,
  Stack,
  type ConfigMap,
  type EngineEvent,
  type OutputMap,
} from '@pulumi/pulumi/automation';
import type { DeployDriver } from './deploy-flow';
import type { DestroyDriver, StateResource } from './destroy-flow';
import { ProgressCounter, firstError, stepOf, violationOf } from './engine-events';
import type { PlanStep, PolicyViolation } from './plan';
import { PulumiMissingError, findPulumi, pulumiMissingMessage } from './pulumi-cli';
import type { WorkspaceSettings } from './workspace-env';

/** Update plans (`preview --save-plan`, `up --plan`) are used from this CLI version on. */
export const UPDATE_PLAN_MIN_VERSION = '3.100.0';

export interface StackDriver extends DeployDriver, DestroyDriver {
  /** The stack's outputs, secret ones left out. */
  outputs(): Promise<Record<string, unknown>>;
  /** Config keys that are secret in this stack. */
  secretKeys(): Promise<Set<string>>;
}

export interface OpenStackOptions {
  readonly stack: string;
  /** The project folder: Pulumi.yaml, Pulumi.<stack>.yaml, policies/. */
  readonly workDir: string;
  readonly settings: WorkspaceSettings;
  readonly home: string;
  /** Where update plans are saved between preview and up. */
  readonly planDir: string;
  readonly command: string;
}

/** Outputs without the secret ones: the flow never needs credentials, so it never holds them. */
export function plainOutputs(outputs: OutputMap): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs)
      .filter(([, o]) => !o.secret)
      .map(([k, o]) => [k, o.value]),
  );
}

/** The non-secret config of a stack. */
export function plainConfig(config: ConfigMap): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([, c]) => !c.secret)
      .map(([k, c]) => [k, c.value]),
  );
}

/** The resources of a `pulumi stack export` deployment. */
export function stateResources(deployment: unknown): StateResource[] {
  const resources = (deployment as { resources?: unknown[] } | undefined)?.resources ?? [];
  return resources.map((raw) => {
    const r = raw as {
      urn: string;
      type: string;
      protect?: boolean;
      retainOnDelete?: boolean;
      outputs?: Record<string, unknown>;
      inputs?: Record<string, unknown>;
    };
    const name = r.outputs?.name;
    return {
      urn: r.urn,
      type: r.type,
      protect: r.protect === true,
      retainOnDelete: r.retainOnDelete === true,
      ...(typeof name === 'string' ? { name } : {}),
      ...(r.inputs ? { inputs: r.inputs } : {}),
    };
  });
}

/** The deployment with every resource unprotected (what `pulumi state unprotect --all` does). */
export function unprotected(deployment: unknown): unknown {
  const d = deployment as { resources?: Record<string, unknown>[] };
  return { ...d, resources: (d.resources ?? []).map(({ protect: _protect, ...rest }) => rest) };
}

/** The first line of a CLI failure that says something: the engine's error diagnostic, else stderr. */
function failure(events: readonly EngineEvent[], err: unknown): Error {
  const fromEngine = firstError(events);
  if (fromEngine) return new Error(fromEngine);
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n').find((l) => /error:/i.test(l)) ?? text.split('\n')[0];
  return new Error(line?.trim() || 'the Pulumi CLI failed without a message');
}

export async function openStack(options: OpenStackOptions): Promise<StackDriver> {
  const found = findPulumi(process.env, options.home);
  if (!found) throw new PulumiMissingError(pulumiMissingMessage(options.command));
  const pulumiCommand = await PulumiCommand.get(found.root ? { root: found.root } : {});
  const workspace = await LocalWorkspace.create({
    workDir: options.workDir,
    envVars: { ...options.settings.envVars },
    pulumiCommand,
  });
  const stack = await Stack.createOrSelect(options.stack, workspace);

  const policyPacks = [path.join(options.workDir, 'policies')];
  const packConfig = path.join(options.workDir, 'policies', 'config', `${options.stack}.json`);
  const policyPackConfigs = existsSync(packConfig) ? [packConfig] : [];
  const usePlans = pulumiCommand.version !== null && pulumiCommand.version.compare(UPDATE_PLAN_MIN_VERSION) >= 0;
  const planFile = path.join(options.planDir, `${options.stack}.plan.json`);
  let planned: { file: string | undefined; resources: number } | undefined;

  const resourceCount = async () =>
    stateResources((await stack.exportStack()).deployment).filter(
      (r) => r.type !== 'pulumi:pulumi:Stack' && !r.type.startsWith('pulumi:providers:'),
    ).length;

  async function update(plan: string | undefined, onProgress: (done: number, total: number, urn: string) => void) {
    const events: EngineEvent[] = [];
    const progress = new ProgressCounter(planned?.resources ?? (await resourceCount()), onProgress);
    try {
      const result = await stack.up({
        policyPacks,
        policyPackConfigs,
        ...(plan ? { plan } : {}),
        onEvent: (event) => {
          events.push(event);
          progress.onEvent(event);
        },
      });
      return plainOutputs(result.outputs);
    } catch (err) {
      throw failure(events, err);
    }
  }

  return {
    async preview() {
      const events: EngineEvent[] = [];
      const steps: PlanStep[] = [];
      const violations: PolicyViolation[] = [];
      if (usePlans) mkdirSync(options.planDir, { recursive: true });
      try {
        await stack.preview({
          policyPacks,
          policyPackConfigs,
          ...(usePlans ? { plan: planFile } : {}),
          onEvent: (event) => {
            events.push(event);
            const step = stepOf(event);
            if (step) steps.push(step);
            const violation = violationOf(event);
            if (violation) violations.push(violation);
          },
        });
      } catch (err) {
        // A mandatory violation fails the preview; the gate reports it with the others.
        if (!violations.some((v) => v.level === 'mandatory')) throw failure(events, err);
      }
      planned = { file: usePlans ? planFile : undefined, resources: steps.length };
      return { steps, violations };
    },

    up(onProgress) {
      return update(planned?.file, onProgress);
    },

    async getConfig() {
      return plainConfig(await stack.getAllConfig());
    },

    async upWithConfig(config, onProgress) {
      const stackFile = path.join(options.workDir, `Pulumi.${options.stack}.yaml`);
      const original = existsSync(stackFile) ? readFileSync(stackFile) : undefined;
      try {
        const current = plainConfig(await stack.getAllConfig());
        const dropped = Object.keys(current).filter((k) => !(k in config));
        if (dropped.length > 0) await stack.removeAllConfig(dropped);
        await stack.setAllConfig(
          Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value, secret: false }])),
        );
        planned = undefined;
        return await update(undefined, onProgress);
      } finally {
        if (original) writeFileSync(stackFile, original);
      }
    },

    async outputs() {
      return plainOutputs(await stack.outputs());
    },

    async secretKeys() {
      const all = await stack.getAllConfig();
      return new Set(Object.keys(all).filter((k) => all[k]?.secret === true));
    },

    async resources() {
      return stateResources((await stack.exportStack()).deployment);
    },

    async unprotectAll() {
      const exported = await stack.exportStack();
      await stack.importStack({ ...exported, deployment: unprotected(exported.deployment) });
    },

    async destroy(destroyOptions, onProgress) {
      const events: EngineEvent[] = [];
      const progress = new ProgressCounter(await resourceCount(), onProgress);
      try {
        await stack.destroy({
          excludeProtected: destroyOptions.excludeProtected,
          onEvent: (event) => {
            events.push(event);
            progress.onEvent(event);
          },
        });
      } catch (err) {
        throw failure(events, err);
      }
    },
  };
}

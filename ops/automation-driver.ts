/**
 * The deploy and destroy drivers on the Pulumi Automation API: a LocalWorkspace on the repo (the
 * project's Pulumi.yaml), every operation with `--config-file` pointing at the run config
 * (run-config.ts: the committed Pulumi.<stack>.yaml plus the encryption salt, never written
 * itself), the policy pack on every preview and update, and engine events mapped to plan steps,
 * policy violations and progress (engine-events.ts). This is the only module that talks to the
 * Pulumi CLI; the flows are tested against fakes of its interfaces.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { LocalWorkspace, PulumiCommand, Stack, type EngineEvent } from '@pulumi/pulumi/automation';
import { specialSigKey } from '@pulumi/pulumi/runtime/rpc';
import type { DeployDriver } from './deploy-flow';
import type { DestroyDriver, StateResource } from './destroy-flow';
import { ProgressCounter, errorMessages, stepOf, violationOf } from './engine-events';
import type { PlanStep, PolicyViolation } from './plan';
import { PulumiMissingError, findPulumi, pulumiMissingMessage } from './pulumi-cli';
import {
  overrideSummary,
  parseOverrides,
  parseStackFile,
  renderRunConfig,
  StackFileError,
  type StackFile,
} from './run-config';
import { STACK_TYPE, isManagedType } from './state-filters';
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
  /** Where the run config of each stack (with its encryption salt) is kept between runs. */
  readonly runConfigDir: string;
  /** DATAHUB_STACK_OVERRIDES: a YAML file whose `config:` map is set over the stack file's. */
  readonly overridesFile?: string;
  readonly log: (line: string) => void;
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

/** A secret value in an exported deployment carries the SDK's signature key. */
const isSecretValue = (v: unknown) => typeof v === 'object' && v !== null && specialSigKey in v;

/** The stack outputs of an exported deployment, secret ones left out (no decryption needed). */
export function outputsOfDeployment(deployment: unknown): Record<string, unknown> {
  const resources = (deployment as { resources?: { type: string; outputs?: Record<string, unknown> }[] } | undefined)
    ?.resources;
  const outputs = resources?.find((r) => r.type === STACK_TYPE)?.outputs ?? {};
  return Object.fromEntries(Object.entries(outputs).filter(([, v]) => !isSecretValue(v)));
}

/** The passphrase salt a stack's checkpoint records (secrets_providers.state.salt). */
export function saltOfDeployment(deployment: unknown): string | undefined {
  const salt = (deployment as { secrets_providers?: { state?: { salt?: unknown } } } | undefined)?.secrets_providers
    ?.state?.salt;
  return typeof salt === 'string' ? salt : undefined;
}

/**
 * A CLI failure, whole: every error the engine reported (the program's, a provider's, a
 * policy's), else the CLI's stderr without its noise. Nothing is cut to one line.
 */
export function failure(events: readonly EngineEvent[], err: unknown): Error {
  const fromEngine = errorMessages(events);
  if (fromEngine.length > 0) return new Error(fromEngine.join('\n'));
  const text = stripVTControlCharacters(err instanceof Error ? err.message : String(err));
  const stderr = /\n stderr: ([\s\S]*?)\n err\?: /.exec(text)?.[1] ?? text;
  const lines = stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  return new Error(lines.join('\n') || 'the Pulumi CLI failed without a message');
}

/** Runs `fn`, then puts the committed stack file back byte for byte if anything rewrote it. */
async function keepingFile<T>(
  file: string,
  original: Buffer,
  log: (line: string) => void,
  what: string,
  fn: () => Promise<T>,
) {
  try {
    return await fn();
  } finally {
    const now = existsSync(file) ? readFileSync(file) : undefined;
    if (!now || !now.equals(original)) {
      writeFileSync(file, original);
      log(`note: pulumi ${what} rewrote ${path.basename(file)}; it is restored as committed`);
    }
  }
}

/** The overrides file DATAHUB_STACK_OVERRIDES names; a missing one is an error naming the variable. */
export function readOverrides(file: string): Record<string, unknown> {
  if (!existsSync(file)) {
    throw new StackFileError(
      `DATAHUB_STACK_OVERRIDES names ${file}, which does not exist: point it at a YAML file with a "config:" map, or unset it`,
    );
  }
  return parseOverrides(readFileSync(file, 'utf8'), file);
}

export async function openStack(options: OpenStackOptions): Promise<StackDriver> {
  const found = findPulumi(process.env, options.home);
  if (!found) throw new PulumiMissingError(pulumiMissingMessage(options.command));
  const pulumiCommand = await PulumiCommand.get(found.root ? { root: found.root } : {});
  const envVars = { ...options.settings.envVars };
  const workspace = await LocalWorkspace.create({ workDir: options.workDir, envVars, pulumiCommand });

  const stackFileName = `Pulumi.${options.stack}.yaml`;
  const stackFile = path.join(options.workDir, stackFileName);
  const committedBytes = readFileSync(stackFile);
  const committedText = committedBytes.toString('utf8');
  const committed: StackFile = parseStackFile(committedText, stackFileName);
  const overrides = options.overridesFile ? readOverrides(options.overridesFile) : {};
  if (options.overridesFile)
    options.log(`config overrides from ${options.overridesFile}: ${overrideSummary(overrides)}`);
  mkdirSync(options.runConfigDir, { recursive: true, mode: 0o700 });
  const runConfigFile = path.join(options.runConfigDir, stackFileName);
  const guard = <T>(what: string, fn: () => Promise<T>) =>
    keepingFile(stackFile, committedBytes, options.log, what, fn);

  const knownSalt = () =>
    (existsSync(runConfigFile)
      ? parseStackFile(readFileSync(runConfigFile, 'utf8'), runConfigFile).encryptionSalt
      : undefined) ?? committed.encryptionSalt;

  const exists = (await workspace.listStacks()).some((s) => s.name === options.stack);
  let salt = knownSalt();
  if (!exists) {
    // `stack init` writes the salt into Pulumi.<stack>.yaml: let it write into a scratch copy of the project.
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'datahub-stack-init-'));
    try {
      copyFileSync(path.join(options.workDir, 'Pulumi.yaml'), path.join(scratch, 'Pulumi.yaml'));
      const initWorkspace = await LocalWorkspace.create({ workDir: scratch, envVars, pulumiCommand });
      await Stack.create(options.stack, initWorkspace);
      salt = parseStackFile(readFileSync(path.join(scratch, stackFileName), 'utf8'), stackFileName).encryptionSalt;
      options.log(
        `created stack ${options.stack} (state: ${options.settings.backendUrl}); ${stackFileName} is left as committed`,
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const stack = await guard('stack select', () => Stack.select(options.stack, workspace));
  // Stack.up ends with `pulumi stack output --show-secrets`, which cannot take --config-file: it
  // would decrypt through the committed stack file and write the salt into it. The flow never
  // needs secret outputs, so outputs are read from the exported state instead (no decryption).
  stack.outputs = async () =>
    Object.fromEntries(
      Object.entries(outputsOfDeployment((await stack.exportStack()).deployment)).map(([k, value]) => [
        k,
        { value, secret: false },
      ]),
    );
  if (!salt) salt = saltOfDeployment((await stack.exportStack()).deployment);

  const writeRunConfig = (replacePlain?: Readonly<Record<string, string>>) =>
    writeFileSync(
      runConfigFile,
      renderRunConfig(committedText, {
        ...(salt ? { encryptionSalt: salt } : {}),
        ...(replacePlain ? { replacePlain } : { overrides }),
      }),
      { mode: 0o600 },
    );
  /** Pulumi may add the salt to the run config itself (a stack made elsewhere): keep what it wrote. */
  const rememberSalt = () => {
    salt = knownSalt() ?? salt;
  };
  writeRunConfig();

  const policyPacks = [path.join(options.workDir, 'policies')];
  const packConfig = path.join(options.workDir, 'policies', 'config', `${options.stack}.json`);
  const policyPackConfigs = existsSync(packConfig) ? [packConfig] : [];
  // What every preview and update runs with: the policy pack, its stack config, the run's config file.
  const runOptions = { policyPacks, policyPackConfigs, configFile: runConfigFile };
  const usePlans = pulumiCommand.version !== null && pulumiCommand.version.compare(UPDATE_PLAN_MIN_VERSION) >= 0;
  const planFile = path.join(options.planDir, `${options.stack}.plan.json`);
  let planned: { file: string | undefined; resources: number } | undefined;

  const exported = () => guard('stack export', () => stack.exportStack());
  const resourceCount = async () =>
    stateResources((await exported()).deployment).filter((r) => isManagedType(r.type)).length;

  async function update(plan: string | undefined, onProgress: (done: number, total: number, urn: string) => void) {
    const events: EngineEvent[] = [];
    const progress = new ProgressCounter(planned?.resources ?? (await resourceCount()), onProgress);
    try {
      await guard('up', () =>
        stack.up({
          ...runOptions,
          // The summary's `stack history --show-secrets` would write the salt into the stack file.
          showSecrets: false,
          ...(plan ? { plan } : {}),
          onEvent: (event) => {
            events.push(event);
            progress.onEvent(event);
          },
        }),
      );
      return outputsOfDeployment((await exported()).deployment);
    } catch (err) {
      throw failure(events, err);
    } finally {
      rememberSalt();
    }
  }

  return {
    async preview() {
      const events: EngineEvent[] = [];
      const steps: PlanStep[] = [];
      const violations: PolicyViolation[] = [];
      if (usePlans) mkdirSync(options.planDir, { recursive: true });
      try {
        await guard('preview', () =>
          stack.preview({
            ...runOptions,
            ...(usePlans ? { plan: planFile } : {}),
            onEvent: (event) => {
              events.push(event);
              const step = stepOf(event);
              if (step) steps.push(step);
              const violation = violationOf(event);
              if (violation) violations.push(violation);
            },
          }),
        );
      } catch (err) {
        // A mandatory violation fails the preview; the gate reports it with the others.
        if (!violations.some((v) => v.level === 'mandatory')) throw failure(events, err);
      } finally {
        rememberSalt();
      }
      planned = { file: usePlans ? planFile : undefined, resources: steps.length };
      return { steps, violations };
    },

    up(onProgress) {
      return update(planned?.file, onProgress);
    },

    async getConfig() {
      // What this run deploys: the committed values with the overrides over them.
      return parseStackFile(renderRunConfig(committedText, { overrides }), stackFileName).plain;
    },

    async upWithConfig(config, onProgress) {
      writeRunConfig(config);
      planned = undefined;
      try {
        return await update(undefined, onProgress);
      } finally {
        writeRunConfig();
      }
    },

    async outputs() {
      return outputsOfDeployment((await exported()).deployment);
    },

    async secretKeys() {
      return new Set(committed.secretKeys);
    },

    async resources() {
      return stateResources((await exported()).deployment);
    },

    async unprotectAll() {
      const state = await exported();
      await guard('stack import', () => stack.importStack({ ...state, deployment: unprotected(state.deployment) }));
    },

    async destroy(destroyOptions, onProgress) {
      const events: EngineEvent[] = [];
      const progress = new ProgressCounter(await resourceCount(), onProgress);
      try {
        await guard('destroy', () =>
          stack.destroy({
            excludeProtected: destroyOptions.excludeProtected,
            configFile: runConfigFile,
            showSecrets: false,
            onEvent: (event) => {
              events.push(event);
              progress.onEvent(event);
            },
          }),
        );
      } catch (err) {
        throw failure(events, err);
      } finally {
        rememberSalt();
      }
    },
  };
}

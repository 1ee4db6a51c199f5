/**
 * `npm run deploy|preview|verify|destroy -- --stack <name> [flags]` (scripts/ops.sh runs this).
 * Wires the flows to the Automation API driver, the release file, verification and the terminal.
 * Every failure ends as one message and a documented exit code (docs/operations.md), never a
 * stack trace.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeVolume } from './adapters/docker-volume';
import { gitRevision } from './adapters/git-revision';
import { terminalConfirm } from './adapters/terminal-confirm';
import { openStack, type StackDriver } from './automation-driver';
import { parseCommandLine, stacksFromFiles, type Invocation } from './command-line';
import type { Confirm } from './confirm';
import { deploy } from './deploy-flow';
import { destroyStack } from './destroy-flow';
import { EXIT, type ExitCode } from './exit-codes';
import { previewStack } from './preview-flow';
import { PulumiMissingError, findPulumi, pulumiMissingMessage } from './pulumi-cli';
import { FileReleaseStore } from './release-store';
import { configuredPlatform } from './stack-platform';
import { outputsVerifier, verifyDeployed } from './verify-flow';
import { verifyUrlOverrides } from './verify/endpoints';
import { prepareWorkspace, workspaceSettings } from './workspace-env';

export const REPO_ROOT = path.resolve(__dirname, '..');

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Undefined without a TTY: then nothing ever prompts. */
  readonly confirm: Confirm;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}

export interface CliDeps {
  /** Throws PulumiMissingError when the CLI is not installed; runs before anything is written. */
  readonly requirePulumi: (command: string) => void;
  readonly openStack: (invocation: Invocation, planDir: string) => Promise<StackDriver>;
  readonly workDir: string;
  readonly gitRevision: () => Promise<string>;
  readonly removeVolume: (name: string, dockerHost: string | undefined) => Promise<boolean>;
  readonly now: () => Date;
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<ExitCode> {
  const parsed = parseCommandLine(argv, stacksFromFiles(readdirSync(deps.workDir)));
  if ('help' in parsed) {
    io.out(parsed.help);
    return EXIT.ok;
  }
  if ('error' in parsed) {
    io.err(parsed.error);
    return EXIT.usage;
  }
  const invocation = parsed.invocation;
  const settings = workspaceSettings(io.env, io.home);
  let planDir: string | undefined;
  try {
    deps.requirePulumi(invocation.command);
    planDir = mkdtempSync(path.join(os.tmpdir(), 'datahub-plan-'));
    for (const note of prepareWorkspace(settings)) io.out(note);
    const driver = await deps.openStack(invocation, planDir);
    return await runCommand(invocation, driver, settings.releasesDir, io, deps);
  } catch (err) {
    if (err instanceof PulumiMissingError) {
      io.err(err.message);
      return EXIT.pulumiMissing;
    }
    io.err(`${invocation.command} ${invocation.stack}: ${reasonOf(err)}`);
    return EXIT.failed;
  } finally {
    if (planDir) rmSync(planDir, { recursive: true, force: true });
  }
}

async function runCommand(
  invocation: Invocation,
  driver: StackDriver,
  releasesDir: string,
  io: CliIo,
  deps: CliDeps,
): Promise<ExitCode> {
  const { stack } = invocation;
  const verify = outputsVerifier({
    stack,
    timeoutMs: invocation.timeoutMs,
    overrides: verifyUrlOverrides(io.env.DATAHUB_VERIFY_URLS),
    log: io.out,
  });

  switch (invocation.command) {
    case 'deploy': {
      const secretKeys = await driver.secretKeys();
      const platform = configuredPlatform(stack, await driver.getConfig(), secretKeys);
      return deploy(invocation, {
        driver,
        verify,
        releases: new FileReleaseStore(releasesDir, (key) => secretKeys.has(key)),
        confirm: io.confirm,
        log: io.out,
        now: deps.now,
        gitRevision: deps.gitRevision,
        inspectCommand: platform.rules.inspectCommand(platform.target),
      });
    }
    case 'preview':
      return previewStack(invocation, { driver, log: io.out });
    case 'verify':
      return verifyDeployed(stack, { outputs: () => driver.outputs(), verify, out: io.out, err: io.err });
    case 'destroy':
      return destroyStack(invocation, {
        driver,
        removeVolume: deps.removeVolume,
        confirm: io.confirm,
        log: io.out,
      });
  }
}

if (require.main === module) {
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => console.error(line),
    confirm: terminalConfirm(),
    env: process.env,
    home: os.homedir(),
  };
  const [command = ''] = process.argv.slice(2);
  // scripts/ops.sh checks the command line before it installs anything: `stack=<name>` for an
  // invocation, the help text, or the usage error and exit 64.
  if (io.env.DATAHUB_OPS_PARSE_ONLY === '1') {
    const parsed = parseCommandLine(process.argv.slice(2), stacksFromFiles(readdirSync(REPO_ROOT)));
    if ('error' in parsed) io.err(parsed.error);
    else io.out('help' in parsed ? parsed.help : `stack=${parsed.invocation.stack}`);
    process.exit('error' in parsed ? EXIT.usage : EXIT.ok);
  }
  const deps: CliDeps = {
    workDir: REPO_ROOT,
    openStack: (invocation, planDir) =>
      openStack({
        stack: invocation.stack,
        workDir: REPO_ROOT,
        settings: workspaceSettings(io.env, io.home),
        home: io.home,
        planDir,
        command,
        runConfigDir: workspaceSettings(io.env, io.home).runConfigDir,
        ...(io.env.DATAHUB_STACK_OVERRIDES ? { overridesFile: io.env.DATAHUB_STACK_OVERRIDES } : {}),
        log: io.out,
      }),
    requirePulumi: (name) => {
      if (!findPulumi(io.env, io.home)) throw new PulumiMissingError(pulumiMissingMessage(name));
    },
    gitRevision: () => gitRevision(REPO_ROOT),
    removeVolume,
    now: () => new Date(),
  };
  runCli(process.argv.slice(2), io, deps).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`${command}: ${reasonOf(err)}`);
      process.exit(EXIT.failed);
    },
  );
}

/**
 * `npm run deploy|preview|verify|destroy -- --stack <name> [flags]` (scripts/ops.sh runs this).
 * Wires the flows to the Automation API driver, the release file, verification and the terminal.
 * Every failure ends as one message and a documented exit code (docs/operations.md), never a
 * stack trace.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import Docker from 'dockerode';
import { openStack, type StackDriver } from './automation-driver';
import { parseCommandLine, stacksFromFiles, type Invocation } from './command-line';
import { deploy } from './deploy-flow';
import { destroyStack } from './destroy-flow';
import { EXIT, type ExitCode } from './exit-codes';
import { changeTable, gatePlan } from './plan';
import { PulumiMissingError, findPulumi, pulumiMissingMessage } from './pulumi-cli';
import { FileReleaseStore } from './release-store';
import { endpointsFromOutputs, verifyUrlOverrides } from './verify/endpoints';
import { failedChecks, verdict } from './verify/report';
import { verifyStack } from './verify/verify-stack';
import { prepareWorkspace, workspaceSettings } from './workspace-env';

export const REPO_ROOT = path.resolve(__dirname, '..');

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Undefined without a TTY: then nothing ever prompts. */
  readonly confirm: ((question: string) => Promise<boolean>) | undefined;
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
  const overrides = verifyUrlOverrides(io.env.DATAHUB_VERIFY_URLS);
  const verify = async (outputs: Record<string, unknown>) => {
    io.out(`verifying ${stack}`);
    for (const [key, url] of Object.entries(overrides)) io.out(`  ${key}: ${url} (from DATAHUB_VERIFY_URLS)`);
    const report = await verifyStack(endpointsFromOutputs({ ...outputs, ...overrides }), {
      timeoutMs: invocation.timeoutMs,
      onProgress: (c) => io.out(`  ${c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}`),
    });
    return {
      ok: report.ok,
      failures: report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`),
      report,
    };
  };

  switch (invocation.command) {
    case 'deploy': {
      const secretKeys = await driver.secretKeys();
      return deploy(invocation, {
        driver,
        verify,
        releases: new FileReleaseStore(releasesDir, (key) => secretKeys.has(key)),
        confirm: io.confirm,
        log: io.out,
        now: deps.now,
        gitRevision: deps.gitRevision,
      });
    }
    case 'preview': {
      io.out(`previewing stack ${stack} (with the policy pack)`);
      const plan = await driver.preview();
      io.out(changeTable(plan.steps));
      for (const v of plan.violations) io.out(`${v.level}: ${v.policy}: ${v.message}`);
      const gate = gatePlan(plan.steps, plan.violations, { allowDataLoss: invocation.allowDataLoss });
      for (const reason of gate.reasons) io.out(`deploy would refuse: ${reason}`);
      io.out(gate.allowed ? 'deploy would proceed' : 'deploy would be refused');
      return gate.allowed ? EXIT.ok : EXIT.gated;
    }
    case 'verify': {
      const outputs = await driver.outputs();
      if (Object.keys(outputs).length === 0) {
        io.err(`verify: ${stack} has no outputs: it is not deployed (npm run deploy -- --stack ${stack})`);
        return EXIT.failed;
      }
      const { report } = await verify(outputs);
      io.out(verdict(report));
      if (!report.ok) io.err(`verify: ${stack} is unhealthy: ${failedChecks(report).join(', ')}`);
      return report.ok ? EXIT.ok : EXIT.failed;
    }
    case 'destroy':
      return destroyStack(invocation, {
        driver,
        removeVolume: deps.removeVolume,
        confirm: io.confirm,
        log: io.out,
      });
  }
}

/** The commit being deployed; `-dirty` when the working tree has uncommitted changes. */
async function gitRevision(workDir: string): Promise<string> {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: workDir, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: workDir, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${rev}-dirty` : rev;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** Docker connection options for a provider `host` such as unix:///var/run/docker.sock or tcp://h:2375. */
export function dockerOptions(host: string | undefined): Docker.DockerOptions {
  if (!host) return {};
  const url = new URL(host);
  if (url.protocol === 'unix:') return { socketPath: url.pathname };
  if (url.protocol === 'tcp:' || url.protocol === 'http:')
    return { host: url.hostname, port: Number(url.port || 2375) };
  if (url.protocol === 'ssh:')
    return { protocol: 'ssh', host: url.hostname, ...(url.username ? { username: url.username } : {}) };
  throw new Error(`unsupported Docker host ${host}: use unix://, tcp:// or ssh://`);
}

async function removeVolume(name: string, dockerHost: string | undefined): Promise<boolean> {
  const docker = new Docker(dockerOptions(dockerHost ?? process.env.DOCKER_HOST));
  try {
    await docker.getVolume(name).remove();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

function terminalConfirm(): CliIo['confirm'] {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  };
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

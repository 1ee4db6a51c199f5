/**
 * The e2e tier drives the product as an operator does: `bash scripts/ops.sh <command>` (what
 * `npm run deploy|preview|verify|destroy` runs) on the real Pulumi engine, with state, passphrase,
 * releases and run config in a throw-away home of the run's own.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './pulumi-program';

/** `export K="V"` lines (what scripts/toolchain/pulumi-toolchain.sh prints) applied to an env. */
export function applyExports(
  text: string,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const next = { ...env };
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z_][A-Z0-9_]*)="?(.*?)"?$/.exec(line.trim());
    if (!m) continue;
    next[m[1]!] = m[2]!.replace('$PATH', env.PATH ?? '');
  }
  return next;
}

/**
 * Makes the toolchain available (building it when the cache is cold; its progress goes to the
 * test output) and returns the env that uses it. Fails naming the install step.
 */
export function toolchainEnv(parts = 'docker'): Record<string, string | undefined> {
  let exports: string;
  try {
    exports = execFileSync('bash', [path.join(REPO, 'scripts/toolchain/pulumi-toolchain.sh'), '--parts', parts], {
      cwd: REPO,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 60 * 60_000,
    });
  } catch (err) {
    throw new Error(
      `the Pulumi toolchain is not available (bash scripts/toolchain/pulumi-toolchain.sh failed; npm run test:all installs it): ${(err as Error).message}`,
      { cause: err },
    );
  }
  return applyExports(exports, process.env);
}

export interface OpsRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  /** Both streams as the operator saw them. */
  readonly transcript: string;
}

export class OpsCli {
  readonly home = mkdtempSync(path.join(os.tmpdir(), 'datahub-e2e-home-'));
  readonly env: Record<string, string | undefined>;

  constructor(toolchain: Record<string, string | undefined>) {
    this.env = {
      ...toolchain,
      HOME: this.home,
      PULUMI_BACKEND_URL: `file://${path.join(this.home, 'state')}`,
      DATAHUB_RELEASES_DIR: path.join(this.home, 'releases'),
      // Caches stay the machine's own: the toolchain, Go's module and build caches, npm's.
      DATAHUB_TOOLCHAIN_CACHE:
        toolchain.DATAHUB_TOOLCHAIN_CACHE ?? path.join(os.homedir(), '.cache/datahub/pulumi-toolchain'),
      GOPATH: toolchain.GOPATH ?? path.join(os.homedir(), 'go'),
      GOCACHE: toolchain.GOCACHE ?? path.join(os.homedir(), '.cache/go-build'),
      npm_config_cache: toolchain.npm_config_cache ?? path.join(os.homedir(), '.npm'),
    };
  }

  /** An overrides file (DATAHUB_STACK_OVERRIDES) setting these config values over the stack file's. */
  overrides(name: string, config: Record<string, unknown>): string {
    const file = path.join(this.home, `${name}.overrides.json`);
    // JSON is YAML: the CLI reads it as a stack-file-shaped document.
    writeFileSync(file, JSON.stringify({ config }, null, 2));
    return file;
  }

  run(args: readonly string[], extraEnv: Record<string, string> = {}, timeoutMs = 15 * 60_000): Promise<OpsRun> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn('bash', [path.join(REPO, 'scripts/ops.sh'), ...args], {
        cwd: REPO,
        env: { ...this.env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let transcript = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        transcript += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        transcript += d.toString();
      });
      const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ status: code ?? -1, stdout, stderr, transcript, seconds: (Date.now() - started) / 1000 });
      });
    });
  }
}

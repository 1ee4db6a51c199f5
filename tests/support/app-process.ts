import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const APP_DIR = path.resolve(__dirname, '../../app');

/** Compiles the app once per test file, so the spawned process runs the real `dist/main.js`. */
export function buildApp(): void {
  try {
    execFileSync('npm', ['--prefix', APP_DIR, 'run', 'build', '--silent'], { stdio: 'pipe' });
  } catch (err) {
    const out = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`building the app failed:\n${out.stdout?.toString() ?? ''}${out.stderr?.toString() ?? ''}`, {
      cause: err,
    });
  }
}

export interface AppProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node app/dist/main.js` with exactly the env given (plus PATH). */
export async function spawnApp(env: Record<string, string>, { waitForListen = true } = {}): Promise<AppProcess> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, [path.join(APP_DIR, 'dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: port, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const url = `http://127.0.0.1:${port}`;
  if (waitForListen) {
    await waitFor('the app to listen', async () => {
      if (child.exitCode !== null) throw new Error(`app exited early:\n${output}`);
      return (await fetch(`${url}/health/live`)).ok ? true : undefined;
    });
  }
  return { child, url, output: () => output, exited };
}

/** Runs the app to completion (for config errors) and returns its exit code and output. */
export async function runAppToExit(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(APP_DIR, 'dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

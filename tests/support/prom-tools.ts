import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileSet } from '../../infra/monitoring/render';

const INSTALL =
  'apt-get install -y prometheus prometheus-alertmanager (or run `npm run test:all`, which installs them)';

/** A Debian-packaged Prometheus tool (promtool, amtool), or a failure naming the install step. */
export function promTool(name: 'promtool' | 'amtool'): string {
  const found = ['/usr/bin', '/usr/local/bin'].map((d) => path.join(d, name)).find((p) => existsSync(p));
  if (!found) throw new Error(`${name} is not installed. Install it with:\n  ${INSTALL}`);
  return found;
}

export interface ToolResult {
  readonly code: number;
  /** stdout and stderr together. */
  readonly output: string;
  readonly stdout: string;
}

export function runTool(binary: string, args: readonly string[], cwd?: string): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(binary, [...args], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`, stdout });
    });
  });
}

const materialized: string[] = [];
// Each test file runs in its own worker; the folders go when it ends.
afterAll(() => {
  for (const dir of materialized.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes a rendered file set under a temp root, keeping the container paths (/etc/... → <root>/etc/...). */
export function materialize(files: FileSet): string {
  const root = mkdtempSync(path.join(tmpdir(), 'datahub-rendered-'));
  materialized.push(root);
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return root;
}

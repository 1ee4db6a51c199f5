import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Pinned so every run tests the same server; `scripts/install-test-tools.sh` installs exactly this. */
export const MINIO_MODULE = 'github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c';

function goBinDir(): string | undefined {
  try {
    const gobin = execFileSync('go', ['env', 'GOBIN'], { encoding: 'utf8' }).trim();
    if (gobin) return gobin;
    return path.join(execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim(), 'bin');
  } catch {
    return undefined;
  }
}

/** Finds a Go-installed tool: $<NAME>_BIN, then Go's bin folder, then ~/go/bin; or fails naming the install step. */
export function goTool(name: string, module: string): string {
  const override = process.env[`${name.toUpperCase()}_BIN`];
  const candidates = [override, goBinDir() && path.join(goBinDir()!, name), path.join(homedir(), 'go', 'bin', name)];
  const found = candidates.find((c): c is string => Boolean(c) && existsSync(c!));
  if (!found) {
    throw new Error(
      `${name} is not installed. Install it with:\n  go install ${module}\n` +
        `(or run \`npm run test:all\`, which installs every test tool), or point ${name.toUpperCase()}_BIN at the binary.`,
    );
  }
  return found;
}

/**
 * The ops commands as an operator runs them (`bash scripts/ops.sh`, what `npm run deploy` calls),
 * on a machine without the Pulumi CLI: one actionable line and the documented exit code, never a
 * stack trace, and nothing written to the home folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT } from '../../../ops/exit-codes';
import { pulumiMissingMessage } from '../../../ops/pulumi-cli';
import { REPO } from '../../support/pulumi-program';

/** PATH with node but without any pulumi, and an empty home. */
function runOps(...args: string[]) {
  return runOpsWith({ DATAHUB_TOOLCHAIN_MODE: 'none' }, ...args);
}

function runOpsWith(extraEnv: Record<string, string>, ...args: string[]) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'ops-home-'));
  const nodeDir = path.dirname(process.execPath);
  const res = spawnSync('bash', [path.join(REPO, 'scripts/ops.sh'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
    // DATAHUB_TOOLCHAIN_MODE=none: no toolchain is installed (otherwise ops.sh builds or downloads one first).
    env: { PATH: `${nodeDir}:/usr/bin:/bin`, HOME: home, LANG: 'C.UTF-8', ...extraEnv },
    timeout: 60_000,
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr.trim(), home };
}

describe('the ops commands without the Pulumi CLI (DATAHUB_TOOLCHAIN_MODE=none)', () => {
  it.each(['deploy', 'preview', 'verify', 'destroy'])(
    '%s exits 127 with one line naming the install command',
    (command) => {
      if (spawnSync('bash', ['-c', 'command -v pulumi'], { env: { PATH: '/usr/bin:/bin' } }).status === 0) {
        throw new Error('this test needs a PATH without pulumi, but /usr/bin or /bin has one');
      }
      const res = runOps(command, '--stack', 'dev');
      expect({ status: res.status, stderr: res.stderr }).toEqual({
        status: EXIT.pulumiMissing,
        stderr: pulumiMissingMessage(command),
      });
      expect(res.stdout).toBe('');
      expect(readdirSync(res.home)).toEqual([]);
    },
  );

  it('a bad flag exits 64 naming the flag and the ones that exist, before anything is installed', () => {
    const res = runOpsWith({}, 'deploy', '--stack', 'dev', '--allow-dataloss');
    expect(readdirSync(res.home)).toEqual([]);
    expect(res.status).toBe(EXIT.usage);
    expect(res.stderr).toBe(
      'deploy: unknown flag --allow-dataloss; deploy takes --stack, --yes, --allow-data-loss, --no-rollback, --timeout',
    );
  });
});

import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPulumi, pulumiMissingMessage } from '../../../ops/pulumi-cli';
import { prepareWorkspace, workspaceSettings } from '../../../ops/workspace-env';

describe('the workspace defaults', () => {
  it('use a local file backend and a generated passphrase file when nothing is set', () => {
    const s = workspaceSettings({}, '/home/op');
    expect(s.backendUrl).toBe('file:///home/op/.pulumi-datahub');
    expect(s.defaultPassphraseFile).toBe('/home/op/.pulumi-datahub/passphrase');
    expect(s.releasesDir).toBe('/home/op/.pulumi-datahub/releases');
    expect(s.envVars).toEqual({
      PULUMI_BACKEND_URL: 'file:///home/op/.pulumi-datahub',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_CONFIG_PASSPHRASE_FILE: '/home/op/.pulumi-datahub/passphrase',
    });
  });

  it('give way to PULUMI_BACKEND_URL, a passphrase from the env and DATAHUB_RELEASES_DIR', () => {
    const s = workspaceSettings(
      {
        PULUMI_BACKEND_URL: 's3://state?region=eu-west-1',
        PULUMI_CONFIG_PASSPHRASE: 'x',
        DATAHUB_RELEASES_DIR: '/srv/r',
      },
      '/home/op',
    );
    expect(s.backendUrl).toBe('s3://state?region=eu-west-1');
    expect(s.defaultPassphraseFile).toBeUndefined();
    expect(s.envVars.PULUMI_CONFIG_PASSPHRASE_FILE).toBeUndefined();
    expect(s.releasesDir).toBe('/srv/r');
  });

  it('create the backend folder and a private random passphrase once', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'home-'));
    const s = workspaceSettings({}, home);
    expect(prepareWorkspace(s)).toEqual([expect.stringContaining('back it up')]);
    const file = s.defaultPassphraseFile as string;
    const passphrase = readFileSync(file, 'utf8');
    expect(passphrase.trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(path.join(home, '.pulumi-datahub'))).toBe(true);
    expect(prepareWorkspace(s)).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(passphrase);
  });
});

describe('finding the Pulumi CLI', () => {
  const only =
    (...files: string[]) =>
    (file: string) =>
      files.includes(file);

  it('takes the first pulumi on PATH', () => {
    expect(findPulumi({ PATH: '/usr/bin:/opt/p/bin' }, '/home/op', only('/opt/p/bin/pulumi'))).toEqual({
      binary: '/opt/p/bin/pulumi',
    });
  });

  it("falls back to the installer's ~/.pulumi", () => {
    expect(findPulumi({ PATH: '/usr/bin' }, '/home/op', only('/home/op/.pulumi/bin/pulumi'))).toEqual({
      binary: '/home/op/.pulumi/bin/pulumi',
      root: '/home/op/.pulumi',
    });
  });

  it('finds none, and the message is one line with the install command', () => {
    expect(findPulumi({ PATH: '/usr/bin' }, '/home/op', only())).toBeUndefined();
    expect(pulumiMissingMessage('deploy')).toMatch(
      /^deploy: the Pulumi CLI is not installed .*curl -fsSL https:\/\/get\.pulumi\.com \| sh/,
    );
    expect(pulumiMissingMessage('deploy')).not.toContain('\n');
  });
});

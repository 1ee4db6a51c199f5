/**
 * Where state and secrets live when the operator says nothing: a local file backend and a
 * passphrase secrets provider, so a newcomer needs no account. `PULUMI_BACKEND_URL`,
 * `PULUMI_CONFIG_PASSPHRASE` and `PULUMI_CONFIG_PASSPHRASE_FILE` override the defaults.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface WorkspaceSettings {
  readonly backendUrl: string;
  /** Set when no passphrase was given: this file holds one (created on first use). */
  readonly defaultPassphraseFile?: string;
  /** Where the last good release of each stack is recorded. */
  readonly releasesDir: string;
  /**
   * Where each stack's run config (the committed stack file plus its encryption salt) is kept,
   * one folder per backend: a salt belongs to the state it encrypts.
   */
  readonly runConfigDir: string;
  /** The env the Pulumi CLI runs with (added to the process env). */
  readonly envVars: Readonly<Record<string, string>>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The settings for this environment. Pure: creates nothing. */
export function workspaceSettings(env: Env, home: string): WorkspaceSettings {
  const stateDir = path.join(home, '.pulumi-datahub');
  const backendUrl = env.PULUMI_BACKEND_URL?.trim() || `file://${stateDir}`;
  const hasPassphrase = Boolean(env.PULUMI_CONFIG_PASSPHRASE) || Boolean(env.PULUMI_CONFIG_PASSPHRASE_FILE);
  const defaultPassphraseFile = hasPassphrase ? undefined : path.join(stateDir, 'passphrase');
  return {
    backendUrl,
    releasesDir: env.DATAHUB_RELEASES_DIR?.trim() || path.join(stateDir, 'releases'),
    runConfigDir: path.join(stateDir, 'run-config', createHash('sha256').update(backendUrl).digest('hex').slice(0, 12)),
    envVars: {
      PULUMI_BACKEND_URL: backendUrl,
      // No update checks or telemetry prompts in the middle of a deploy log.
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      ...(defaultPassphraseFile ? { PULUMI_CONFIG_PASSPHRASE_FILE: defaultPassphraseFile } : {}),
    },
    ...(defaultPassphraseFile ? { defaultPassphraseFile } : {}),
  };
}

/**
 * Creates what the settings need on disk: the file backend's folder, and the default passphrase
 * (32 random bytes, mode 0600) when none was given. Returns lines worth telling the operator.
 */
export function prepareWorkspace(settings: WorkspaceSettings): string[] {
  const notes: string[] = [];
  if (settings.backendUrl.startsWith('file://')) {
    mkdirSync(settings.backendUrl.slice('file://'.length), { recursive: true });
  }
  const file = settings.defaultPassphraseFile;
  if (file && !existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    notes.push(
      `created ${file}: the passphrase that encrypts this machine's stack secrets; back it up (without it the secrets in state cannot be read)`,
    );
  }
  return notes;
}

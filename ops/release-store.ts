/**
 * The last good release of each stack, as a JSON file per stack (`<dir>/<stack>.json`), newest
 * first, the last ten kept. Written atomically (temp file + rename) so an interrupted deploy never
 * leaves a half-written rollback target. Secret config values never reach the file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Release } from './deploy-flow';

const KEEP = 10;

const releaseSchema = z.object({
  stack: z.string().min(1),
  at: z.string().min(1),
  gitRevision: z.string(),
  config: z.record(z.string(), z.string()),
  appImageDigest: z.string(),
});
const historySchema = z.object({ releases: z.array(releaseSchema) });

export class ReleaseStoreError extends Error {
  override readonly name = 'ReleaseStoreError';
}

export class FileReleaseStore {
  constructor(
    private readonly dir: string,
    /** Config keys that are secret in the stack: refused if a release ever carries one. */
    private readonly isSecretKey: (key: string) => boolean = () => false,
  ) {}

  fileOf(stack: string): string {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new ReleaseStoreError(`stack name "${stack}" is not a file name`);
    return path.join(this.dir, `${stack}.json`);
  }

  /** Every recorded release of the stack, newest first. */
  async history(stack: string): Promise<Release[]> {
    const file = this.fileOf(stack);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ReleaseStoreError(`${file} is not valid JSON: fix or move it (it lists ${stack}'s good releases)`);
    }
    const parsed = historySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ReleaseStoreError(
        `${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}; fix or move the file`,
      );
    }
    return parsed.data.releases;
  }

  async last(stack: string): Promise<Release | undefined> {
    return (await this.history(stack))[0];
  }

  async record(release: Release): Promise<void> {
    const secret = Object.keys(release.config).filter((k) => this.isSecretKey(k));
    if (secret.length > 0) {
      throw new ReleaseStoreError(`refusing to record secret config (${secret.join(', ')}) in a release file`);
    }
    const releases = [release, ...(await this.history(release.stack))].slice(0, KEEP);
    const file = this.fileOf(release.stack);
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ releases }, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }
}

import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Release } from '../../../ops/deploy-flow';
import { FileReleaseStore, ReleaseStoreError } from '../../../ops/release-store';

const release = (n: number, config: Record<string, string> = { 'datahub:logLevel': 'info' }): Release => ({
  stack: 'dev',
  at: `2026-11-${String(n).padStart(2, '0')}T10:00:00.000Z`,
  gitRevision: `rev${n}`,
  config,
  appImageDigest: `sha256:${n}`,
});

describe('the release file', () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'releases-')), 'releases');
  });

  it('has no last release before the first deploy', async () => {
    expect(await new FileReleaseStore(dir).last('dev')).toBeUndefined();
  });

  it('returns the newest release, keeps ten, and is private to the user', async () => {
    const store = new FileReleaseStore(dir);
    for (let n = 1; n <= 12; n++) await store.record(release(n));
    expect((await store.last('dev'))?.gitRevision).toBe('rev12');
    expect((await store.history('dev')).map((r) => r.gitRevision)).toEqual(
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((n) => `rev${n}`),
    );
    expect(statSync(store.fileOf('dev')).mode & 0o777).toBe(0o600);
    expect(await store.last('prod')).toBeUndefined();
  });

  it('refuses to record a secret config key, and writes nothing', async () => {
    const store = new FileReleaseStore(dir, (key) => key === 'datahub:slackWebhookUrl');
    await store.record(release(1));
    await expect(
      store.record(release(2, { 'datahub:slackWebhookUrl': 'https://hooks.slack.com/services/T/B/x' })),
    ).rejects.toThrow('refusing to record secret config (datahub:slackWebhookUrl) in a release file');
    expect(readFileSync(store.fileOf('dev'), 'utf8')).not.toContain('hooks.slack.com');
  });

  it('names the file and the field when the file is damaged', async () => {
    const store = new FileReleaseStore(dir);
    await store.record(release(1));
    writeFileSync(store.fileOf('dev'), '{"releases":[{"stack":"dev"}]}');
    await expect(store.last('dev')).rejects.toThrow(/dev\.json: releases\.0\.at: .*; fix or move the file/);
    writeFileSync(store.fileOf('dev'), '{not json');
    await expect(store.last('dev')).rejects.toThrow(ReleaseStoreError);
  });

  it('refuses stack names that are not file names', () => {
    expect(() => new FileReleaseStore(dir).fileOf('../etc')).toThrow('stack name "../etc" is not a file name');
  });
});

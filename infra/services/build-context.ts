import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';

/** The files Docker would send as the build context of `dir`, honouring its .dockerignore. */
export function contextFiles(dir: string): string[] {
  let rules: string[] = [];
  try {
    rules = readFileSync(path.join(dir, '.dockerignore'), 'utf8').split('\n');
  } catch {
    // No .dockerignore: everything is sent.
  }
  const ignore = dockerignore({ ignorecase: false }).add(rules);
  const exceptions = rules
    .map((r) => r.trim())
    .filter((r) => r.startsWith('!'))
    .map((r) => r.slice(1).replace(/^\//, ''));
  // An ignored folder is skipped whole unless an exception could re-include something in it, as Docker does.
  const skippable = (rel: string) =>
    ignore.ignores(rel) && !exceptions.some((e) => e.startsWith('*') || e === rel || e.startsWith(`${rel}/`));
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skippable(rel)) walk(rel);
      } else if (entry.isFile() && !ignore.ignores(rel)) files.push(rel);
    }
  };
  walk('');
  return files.sort();
}

/**
 * A digest of the build context's content (paths and bytes) plus any build arguments: the
 * same inputs give the same image tag, so `pulumi up` rebuilds only when something changed.
 */
export function contextDigest(dir: string, buildArgs: Readonly<Record<string, string>> = {}): string {
  const hash = createHash('sha256');
  for (const file of contextFiles(dir)) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(dir, file)))
      .update('\0');
  }
  for (const [key, value] of Object.entries(buildArgs).sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`arg:${key}=${value}\0`);
  }
  return hash.digest('hex');
}

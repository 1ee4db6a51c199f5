import { createHash } from 'node:crypto';
import type { FileSet } from '../monitoring/render';

/** How a set of rendered files reaches a container: ConfigMap data, and one read-only mount per file. */
export interface FileMounts {
  /** ConfigMap key → file content, byte for byte. */
  readonly data: Record<string, string>;
  /** One mount per file at its container path (subPath), so no mount hides what the image keeps beside it. */
  readonly mounts: { name: string; mountPath: string; subPath: string; readOnly: true }[];
  /** A digest of every path and byte: a pod template annotation, so a changed file rolls the pods. */
  readonly checksum: string;
}

/** The ConfigMap key of a container path: `/etc/prometheus/rules/x.yml` → `etc_prometheus_rules_x.yml`. */
export const configMapKey = (path: string) => path.replace(/^\/+/, '').replace(/\//g, '_');

const KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * The files as ConfigMap data and subPath mounts of the volume `volume`. Pure. Throws when two
 * paths map to one key or a path cannot be a key, rather than let one file shadow another.
 */
export function fileMounts(files: FileSet, volume: string): FileMounts {
  const data: Record<string, string> = {};
  const mounts: FileMounts['mounts'] = [];
  const hash = createHash('sha256');
  for (const path of Object.keys(files).sort()) {
    const key = configMapKey(path);
    if (!KEY.test(key)) throw new Error(`${path} cannot be a ConfigMap key (${key})`);
    if (key in data) throw new Error(`${path} and another file map to the same ConfigMap key ${key}`);
    data[key] = files[path]!;
    mounts.push({ name: volume, mountPath: path, subPath: key, readOnly: true });
    hash.update(path).update('\0').update(files[path]!).update('\0');
  }
  return { data, mounts, checksum: hash.digest('hex') };
}

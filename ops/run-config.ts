/**
 * The committed `Pulumi.<stack>.yaml` stays as its author wrote it: Pulumi is never pointed at it.
 * Every preview, update and destroy runs with `--config-file <run config>`, a file of the ops
 * CLI's own, rebuilt before each operation from
 *   - the committed stack file (its text, comments and all),
 *   - the stack's encryption salt (Pulumi writes it on stack creation and needs it for secrets),
 *   - for a rollback, the last good release's config in place of the committed values,
 *   - optional operator overrides (DATAHUB_STACK_OVERRIDES: a YAML file with a `config:` map).
 * Pure: text in, text out.
 */
import { isMap, isScalar, parseDocument } from 'yaml';

export interface StackFile {
  /** Config values as Pulumi's `config --json` gives them: scalars as text, objects as JSON. */
  readonly plain: Readonly<Record<string, string>>;
  /** Keys whose value is `secure:` ciphertext. */
  readonly secretKeys: ReadonlySet<string>;
  readonly encryptionSalt: string | undefined;
}

export class StackFileError extends Error {
  override readonly name = 'StackFileError';
}

/** Config values the way `pulumi config --json` reports them. */
function plainValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const isSecure = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && 'secure' in value;

export function parseStackFile(text: string, file: string): StackFile {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new StackFileError(`${file} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  }
  const root = (doc.toJS() ?? {}) as { config?: Record<string, unknown>; encryptionsalt?: unknown };
  if (typeof root !== 'object' || Array.isArray(root)) throw new StackFileError(`${file}: expected a YAML mapping`);
  const config = root.config ?? {};
  const plain: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [key, value] of Object.entries(config)) {
    if (isSecure(value)) secretKeys.add(key);
    else plain[key] = plainValue(value);
  }
  return {
    plain,
    secretKeys,
    encryptionSalt: typeof root.encryptionsalt === 'string' ? root.encryptionsalt : undefined,
  };
}

/** The value to write for a recorded plain value: objects and lists back as YAML, the rest as text. */
function yamlValue(plain: string): unknown {
  if (/^\s*[[{]/.test(plain)) {
    try {
      return JSON.parse(plain) as unknown;
    } catch {
      return plain;
    }
  }
  return plain;
}

export interface RunConfigOptions {
  readonly encryptionSalt?: string;
  /** Replaces every non-secret value of the committed file (a rollback to a release's config). */
  readonly replacePlain?: Readonly<Record<string, string>>;
  /** Set over the committed (or replaced) values; YAML values. */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/**
 * The run config: the committed text with the salt added and, where asked, values replaced. The
 * committed text is kept (comments included) when nothing is replaced, so Pulumi's own messages
 * about a key point at the line the operator wrote.
 */
export function renderRunConfig(committed: string, options: RunConfigOptions): string {
  const doc = parseDocument(committed);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  if (options.encryptionSalt) doc.set('encryptionsalt', options.encryptionSalt);
  if (options.replacePlain) {
    const config = doc.get('config');
    const kept: Record<string, unknown> = {};
    if (isMap(config)) {
      for (const pair of config.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const value = doc.getIn(['config', key]);
        const js = isMap(value) ? value.toJSON() : value;
        if (isSecure(js)) kept[key] = js;
      }
    }
    for (const [key, value] of Object.entries(options.replacePlain)) kept[key] = yamlValue(value);
    doc.set('config', doc.createNode(kept));
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (!doc.has('config')) doc.set('config', doc.createNode({}));
    doc.setIn(['config', key], doc.createNode(value));
  }
  return doc.toString();
}

/** The `config:` map of an overrides file (DATAHUB_STACK_OVERRIDES). */
export function parseOverrides(text: string, file: string): Record<string, unknown> {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new StackFileError(`${file} (DATAHUB_STACK_OVERRIDES) is not valid YAML: ${doc.errors[0]!.message}`);
  }
  const root = doc.toJS() as { config?: unknown } | null;
  const config = root?.config;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new StackFileError(
      `${file} (DATAHUB_STACK_OVERRIDES) must hold a "config:" map of keys to values, as a stack file does`,
    );
  }
  for (const [key, value] of Object.entries(config)) {
    if (isSecure(value)) {
      throw new StackFileError(
        `${file} (DATAHUB_STACK_OVERRIDES): ${key} is a secure value; set secrets with pulumi config set --secret`,
      );
    }
  }
  return config as Record<string, unknown>;
}

/** A one-line summary of overrides for the log, without their values. */
export const overrideSummary = (overrides: Readonly<Record<string, unknown>>) =>
  Object.keys(overrides).join(', ') || '(none)';

/**
 * Pure checks of GitHub workflow files (tests/unit/ci/workflows.test.ts runs them on .github/):
 * every `npm run X` a `run:` step calls names a script of the package.json in the directory it
 * runs in, every `uses:` is pinned, and Dependabot covers the ecosystems asked of it. Each check
 * takes parsed YAML and returns a list of problems; an empty list means it passes.
 */
import path from 'node:path';
import YAML from 'yaml';

export interface Problem {
  /** The workflow (or config) file, relative to the repository root. */
  readonly file: string;
  /** Where in the file: `jobs.<id>.steps[<n>]` and the like. */
  readonly where: string;
  readonly message: string;
}

/** One `npm run X` (or `npm test`, `npm start`…) found in a shell script. */
export interface NpmRunCall {
  /** The directory npm runs in, relative to the repository root ('.' for the root); null when not static. */
  readonly dir: string | null;
  /** The script name; null when the command gives none (`npm run` alone lists the scripts). */
  readonly script: string | null;
  /** `--if-present`: a missing script is not an error. */
  readonly ifPresent: boolean;
  /** The command as written, for messages. */
  readonly command: string;
}

/** The scripts of `<dir>/package.json`, or undefined when there is no package.json there. */
export type ScriptsIn = (dir: string) => Readonly<Record<string, string>> | undefined;

type Token = { readonly kind: 'word'; readonly text: string } | { readonly kind: 'op'; readonly text: string };

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '\n', '(', ')'];

/** Reads a `$(…)`, `${…}`, `${{ … }}` or `$((…))` at `start` (pointing at `$`); returns the end index. */
function skipSubstitution(src: string, start: number): number {
  if (src.startsWith('${{', start)) {
    const end = src.indexOf('}}', start + 3);
    return end === -1 ? src.length : end + 2;
  }
  const open = src[start + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === '\\') {
      i++;
    } else if (src[i] === open) {
      depth++;
    } else if (src[i] === close) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return src.length;
}

/** A small POSIX-shell tokenizer: words (quotes removed, substitutions kept as written) and operators. */
export function tokenizeShell(script: string): Token[] {
  const src = script.replace(/\\\r?\n/g, ' ');
  const tokens: Token[] = [];
  let word: string | null = null;
  const endWord = () => {
    if (word !== null) tokens.push({ kind: 'word', text: word });
    word = null;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else if (c === '#' && word === null) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === "'") {
      const end = src.indexOf("'", i + 1);
      const stop = end === -1 ? src.length : end;
      word = (word ?? '') + src.slice(i + 1, stop);
      i = stop + 1;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          text += src[i + 1];
          i += 2;
        } else if (src[i] === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) {
          const end = skipSubstitution(src, i);
          text += src.slice(i, end);
          i = end;
        } else {
          text += src[i];
          i++;
        }
      }
      word = (word ?? '') + text;
      i++;
    } else if (c === '\\') {
      word = (word ?? '') + (src[i + 1] ?? '');
      i += 2;
    } else if (c === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) {
      const end = skipSubstitution(src, i);
      word = (word ?? '') + src.slice(i, end);
      i = end;
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (op) {
        endWord();
        tokens.push({ kind: 'op', text: op });
        i += op.length;
      } else {
        word = (word ?? '') + c;
        i++;
      }
    }
  }
  endWord();
  return tokens;
}

const isDynamic = (text: string) => text.includes('$') || text.includes('`') || text.startsWith('~');
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Words that may stand before the command itself: shell keywords and wrappers. */
const COMMAND_PREFIXES = new Set([
  'if',
  'then',
  'else',
  'elif',
  'do',
  'while',
  'until',
  '!',
  '{',
  'exec',
  'time',
  'command',
  'nohup',
]);
const RUN_COMMANDS = new Set(['run', 'run-script', 'rum', 'urn']);
const SHORTHAND_SCRIPTS: Readonly<Record<string, string>> = {
  test: 'test',
  t: 'test',
  tst: 'test',
  start: 'start',
  stop: 'stop',
  restart: 'restart',
};
/** npm options that take the next word as their value. */
const VALUE_OPTIONS = new Set([
  '--prefix',
  '-C',
  '--workspace',
  '-w',
  '--loglevel',
  '--registry',
  '--cache',
  '--userconfig',
]);

function joinDir(base: string | null, next: string): string | null {
  if (base === null || isDynamic(next) || path.posix.isAbsolute(next)) return null;
  return path.posix.normalize(path.posix.join(base, next));
}

/** The npm call of one simple command (its words), if it is `npm run …` or a shorthand; else undefined. */
function npmCall(words: readonly string[], cwd: string | null): NpmRunCall | undefined {
  let i = 0;
  while (i < words.length && (ASSIGNMENT.test(words[i] ?? '') || COMMAND_PREFIXES.has(words[i] ?? ''))) i++;
  if (words[i] !== 'npm') return undefined;
  let prefix: string | null = null;
  let subcommand: string | undefined;
  let script: string | null = null;
  let ifPresent = false;
  for (i++; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '--') break;
    if (w === '--if-present') {
      ifPresent = true;
    } else if (w.startsWith('--prefix=')) {
      prefix = w.slice('--prefix='.length);
    } else if (VALUE_OPTIONS.has(w)) {
      if (w === '--prefix' || w === '-C') prefix = words[i + 1] ?? null;
      i++;
    } else if (w.startsWith('-')) {
      // another flag (--silent, --loglevel=error, …): no value word
    } else if (subcommand === undefined) {
      subcommand = w;
      const shorthand = SHORTHAND_SCRIPTS[w];
      if (shorthand) script = shorthand;
      else if (!RUN_COMMANDS.has(w)) return undefined;
    } else if (script === null && RUN_COMMANDS.has(subcommand)) {
      script = w;
    }
  }
  if (subcommand === undefined) return undefined;
  const dir = prefix === null ? cwd : joinDir(cwd, prefix);
  return { dir, script, ifPresent, command: words.join(' ') };
}

/**
 * Every `npm run X` in a shell script, with the directory it runs in: `cwd`, changed by `cd`
 * (scoped to `( … )` subshells) and by `--prefix DIR` / `-C DIR`. Directories are relative to
 * the repository root; a directory that cannot be known statically is null.
 */
export function npmRunCalls(script: string, cwd = '.'): NpmRunCall[] {
  const calls: NpmRunCall[] = [];
  const stack: (string | null)[] = [];
  let dir: string | null = cwd;
  let words: string[] = [];
  const endCommand = () => {
    if (words[0] === 'cd') {
      const target = words[1];
      dir = target === undefined ? null : joinDir(dir, target);
    } else {
      const call = npmCall(words, dir);
      if (call) calls.push(call);
    }
    words = [];
  };
  for (const token of tokenizeShell(script)) {
    if (token.kind === 'word') {
      words.push(token.text);
      continue;
    }
    endCommand();
    if (token.text === '(') stack.push(dir);
    if (token.text === ')') dir = stack.length ? (stack.pop() ?? null) : dir;
  }
  endCommand();
  return calls;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function defaultWorkingDirectory(node: unknown): string | undefined {
  if (!isRecord(node) || !isRecord(node.defaults) || !isRecord(node.defaults.run)) return undefined;
  const wd = node.defaults.run['working-directory'];
  return typeof wd === 'string' ? wd : undefined;
}

/** Every `run:` step of a parsed workflow, with the working directory it starts in (step, job, then workflow default). */
export function runSteps(workflow: unknown): { where: string; run: string; workingDirectory: string }[] {
  if (!isRecord(workflow) || !isRecord(workflow.jobs)) return [];
  const workflowDefault = defaultWorkingDirectory(workflow);
  const steps: { where: string; run: string; workingDirectory: string }[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    if (!isRecord(job) || !Array.isArray(job.steps)) continue;
    const jobDefault = defaultWorkingDirectory(job) ?? workflowDefault;
    job.steps.forEach((step: unknown, index: number) => {
      if (!isRecord(step) || typeof step.run !== 'string') return;
      const own = typeof step['working-directory'] === 'string' ? step['working-directory'] : undefined;
      steps.push({ where: `jobs.${jobId}.steps[${index}]`, run: step.run, workingDirectory: own ?? jobDefault ?? '.' });
    });
  }
  return steps;
}

/** Every `npm run X` in the workflow's run steps must name a script of the package.json of the directory it runs in. */
export function checkNpmScripts(file: string, workflow: unknown, scriptsIn: ScriptsIn): Problem[] {
  const problems: Problem[] = [];
  for (const step of runSteps(workflow)) {
    const start = joinDir('.', step.workingDirectory);
    for (const call of npmRunCalls(step.run, start ?? '.')) {
      const report = (message: string) => problems.push({ file, where: step.where, message });
      if (start === null) {
        report(
          `\`${call.command}\`: the working directory '${step.workingDirectory}' is not static, so the script cannot be checked`,
        );
      } else if (call.script === null) {
        continue;
      } else if (call.dir === null) {
        report(`\`${call.command}\`: the directory it runs in is not static, so the script cannot be checked`);
      } else if (isDynamic(call.script)) {
        report(`\`${call.command}\`: the script name '${call.script}' is not static, so it cannot be checked`);
      } else {
        const scripts = scriptsIn(call.dir);
        if (scripts === undefined) {
          report(`\`${call.command}\` runs in '${call.dir}', which has no package.json`);
        } else if (!(call.script in scripts) && !call.ifPresent) {
          const known = Object.keys(scripts).sort().join(', ');
          report(
            `\`${call.command}\`: ${path.posix.join(call.dir, 'package.json')} has no script '${call.script}' (it has: ${known})`,
          );
        }
      }
    }
  }
  return problems;
}

/** One `uses:` of a workflow: a step's action or a job's reusable workflow, with its trailing comment. */
export interface ActionRef {
  readonly where: string;
  readonly uses: string;
  /** The comment after the value (`# v4.2.2`), trimmed; undefined when there is none. */
  readonly comment: string | undefined;
}

/** Every `uses:` in a parsed workflow document (a YAML.Document keeps the comments that name the versions). */
export function actionRefs(doc: YAML.Document): ActionRef[] {
  const refs: ActionRef[] = [];
  YAML.visit(doc, {
    Pair(_key, pair, ancestors) {
      if (!YAML.isScalar(pair.key) || pair.key.value !== 'uses' || !YAML.isScalar(pair.value)) return;
      const where = ancestors
        .filter((a): a is YAML.Pair => YAML.isPair(a))
        .map((a) => (YAML.isScalar(a.key) ? String(a.key.value) : '?'))
        .join('.');
      const comment = pair.value.comment?.trim();
      refs.push({ where: where || 'uses', uses: String(pair.value.value), comment: comment || undefined });
    },
  });
  return refs;
}

const FULL_SHA = /^[0-9a-f]{40}$/;
const RELEASE_TAG = /^v\d+(\.\d+){0,2}$/;
const VERSION_COMMENT = /^v?\d+(\.\d+)*\b/;
const FIRST_PARTY_OWNERS = new Set(['actions', 'github']);

/**
 * Every `uses:` is pinned: third-party actions and reusable workflows to a full 40-hex commit SHA,
 * first-party ones (actions/*, github/*) to a SHA or a release tag (vN, vN.N, vN.N.N), Docker
 * actions to a digest; a SHA carries a `# vX.Y.Z` comment naming the release it is (Dependabot
 * keeps both current). Local actions (`./…`) are the repository's own code.
 */
export function checkActionPins(file: string, refs: readonly ActionRef[]): Problem[] {
  const problems: Problem[] = [];
  for (const ref of refs) {
    const report = (message: string) => problems.push({ file, where: ref.where, message });
    if (ref.uses.startsWith('./')) continue;
    if (ref.uses.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(ref.uses)) report(`${ref.uses}: pin the Docker action by digest (@sha256:…)`);
      continue;
    }
    const at = ref.uses.lastIndexOf('@');
    const name = at === -1 ? ref.uses : ref.uses.slice(0, at);
    const version = at === -1 ? '' : ref.uses.slice(at + 1);
    const owner = (name.split('/')[0] ?? '').toLowerCase();
    if (!version) {
      report(`${ref.uses}: no version; pin it to a full commit SHA`);
      continue;
    }
    const firstParty = FIRST_PARTY_OWNERS.has(owner);
    if (FULL_SHA.test(version)) {
      if (!ref.comment || !VERSION_COMMENT.test(ref.comment)) {
        report(
          `${ref.uses}: add the release the SHA is as a comment (# vX.Y.Z) so reviewers and Dependabot can read it`,
        );
      }
    } else if (firstParty && RELEASE_TAG.test(version)) {
      continue;
    } else if (firstParty) {
      report(`${ref.uses}: '${version}' is not a release; pin first-party actions to a full commit SHA or a vN tag`);
    } else {
      report(`${ref.uses}: a third-party action must be pinned to a full 40-character commit SHA, not '${version}'`);
    }
  }
  return problems;
}

/** An ecosystem and a directory Dependabot must watch, e.g. { ecosystem: 'npm', directory: '/app' }. */
export interface DependabotNeed {
  readonly ecosystem: string;
  readonly directory: string;
}

const normalizeDirectory = (d: string) => '/' + d.replace(/^\/+|\/+$/g, '');

/** Dependabot's config (version 2) has an update entry for every ecosystem and directory needed. */
export function checkDependabot(file: string, config: unknown, needs: readonly DependabotNeed[]): Problem[] {
  if (!isRecord(config) || config.version !== 2 || !Array.isArray(config.updates)) {
    return [{ file, where: '', message: 'not a Dependabot version 2 config with an updates list' }];
  }
  const covered = new Set<string>();
  for (const update of config.updates) {
    if (!isRecord(update) || typeof update['package-ecosystem'] !== 'string') continue;
    const dirs = [update.directory, ...(Array.isArray(update.directories) ? update.directories : [])];
    for (const dir of dirs) {
      if (typeof dir === 'string') covered.add(`${update['package-ecosystem']} ${normalizeDirectory(dir)}`);
    }
  }
  return needs
    .filter((n) => !covered.has(`${n.ecosystem} ${normalizeDirectory(n.directory)}`))
    .map((n) => ({
      file,
      where: 'updates',
      message: `no ${n.ecosystem} updates for ${normalizeDirectory(n.directory)}`,
    }));
}

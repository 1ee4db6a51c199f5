/**
 * The GitHub workflows as checked-in contracts: every `npm run X` they call exists in the
 * package.json of the directory it runs in (read now, so a renamed script fails here), every
 * action is pinned, Dependabot watches what it should, and the deploy and preview workflows
 * keep their shape. The checkers are pure (scripts/workflow-lint.ts) and are shown to
 * catch a made-up bad workflow too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  actionRefs,
  checkActionPins,
  checkDependabot,
  checkNpmScripts,
  npmRunCalls,
  type ScriptsIn,
} from '../../../scripts/workflow-lint';

const repoRoot = path.resolve(__dirname, '../../..');
const workflowsDir = path.join(repoRoot, '.github/workflows');
const workflowFiles = readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

const repoScripts: ScriptsIn = (dir) => {
  const file = path.join(repoRoot, dir, 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> };
  return pkg.scripts ?? {};
};

function loadWorkflow(name: string): { file: string; doc: YAML.Document; workflow: unknown } {
  const file = `.github/workflows/${name}`;
  const doc = YAML.parseDocument(readFileSync(path.join(repoRoot, file), 'utf8'));
  expect(doc.errors).toEqual([]);
  return { file, doc, workflow: doc.toJS() };
}

type Job = {
  needs?: string | string[];
  environment?: string | { name: string };
  concurrency?: { group: string; 'cancel-in-progress'?: boolean | string };
  strategy?: { matrix?: { include?: { stack: string }[] } };
  steps?: { uses?: string; run?: string; with?: Record<string, unknown> }[];
};
const jobsOf = (workflow: unknown) => (workflow as { jobs: Record<string, Job> }).jobs;
function jobNamed(workflow: unknown, id: string): Job {
  const job = jobsOf(workflow)[id];
  if (!job) throw new Error(`no job '${id}'`);
  return job;
}

describe('the checked-in workflows', () => {
  it('the ci, preview and deploy workflows exist', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'preview.yml', 'deploy.yml']));
  });

  it.each(workflowFiles)('%s calls only npm scripts that exist where they run', (name) => {
    const { file, workflow } = loadWorkflow(name);
    expect(checkNpmScripts(file, workflow, repoScripts)).toEqual([]);
  });

  it.each(workflowFiles)(
    '%s pins every action (third-party by full commit SHA, with the version as a comment)',
    (name) => {
      const { file, doc } = loadWorkflow(name);
      const refs = actionRefs(doc);
      expect(checkActionPins(file, refs)).toEqual([]);
    },
  );

  it.each(workflowFiles)('%s declares its token permissions', (name) => {
    const { workflow } = loadWorkflow(name);
    expect((workflow as { permissions?: unknown }).permissions).toBeDefined();
  });

  it('the workflows pin every action by full commit SHA, first-party ones included', () => {
    const refs = workflowFiles.flatMap((name) => actionRefs(loadWorkflow(name).doc));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  it('ci runs lint, typecheck, the unit and integration tiers, npm audit in every package, and both scans', () => {
    const { workflow } = loadWorkflow('ci.yml');
    const steps = Object.values(jobsOf(workflow)).flatMap((job) => job.steps ?? []);
    const runs = steps.map((s) => s.run ?? '').join('\n');
    const scripts = npmRunCalls(runs).map((c) => c.script);
    expect(scripts).toEqual(expect.arrayContaining(['lint', 'typecheck', 'test:unit', 'test:integration']));
    expect(runs).toContain('scripts/lint-workflows.sh');
    expect(runs).toContain('scripts/install-test-tools.sh integration');
    expect(runs).toMatch(/gitleaks" git /);
    const audits = steps.filter((s) => s.run === 'npm audit --audit-level=high');
    expect(audits).toHaveLength(3);
    expect(steps.some((s) => s.uses?.startsWith('aquasecurity/trivy-action@'))).toBe(true);
    const trivy = steps.find((s) => s.uses?.startsWith('aquasecurity/trivy-action@'));
    expect(trivy?.with).toMatchObject({ severity: 'CRITICAL,HIGH', 'ignore-unfixed': true, 'exit-code': '1' });
    expect(steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@')).length).toBeGreaterThanOrEqual(3);
  });

  it('preview runs pulumi preview with the policy pack for dev and prod and edits its PR comment', () => {
    const { workflow } = loadWorkflow('preview.yml');
    const wf = workflow as { on: Record<string, unknown>; permissions: Record<string, string> };
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const job = jobNamed(workflow, 'preview');
    expect(job.strategy?.matrix?.include?.map((m) => m.stack)).toEqual(['dev', 'prod']);
    const pulumi = job.steps?.find((s) => s.uses?.startsWith('pulumi/actions@'));
    expect(pulumi?.with).toMatchObject({
      command: 'preview',
      'stack-name': '${{ matrix.stack }}',
      policyPacks: 'policies',
      'comment-on-pr': true,
      'edit-pr-comment': true,
      'cloud-url': '${{ secrets.PULUMI_BACKEND_URL }}',
    });
  });

  it('deploy ships dev, then prod behind its environment, and never runs two deploys of one stack at once', () => {
    const { workflow } = loadWorkflow('deploy.yml');
    const wf = workflow as { on: { push: { branches: string[] } } };
    expect(wf.on.push.branches).toEqual(['main']);
    const dev = jobNamed(workflow, 'dev');
    const prod = jobNamed(workflow, 'prod');
    expect(prod.needs).toBe('dev');
    expect(prod.environment).toBe('prod');
    for (const [stack, job] of [
      ['dev', dev],
      ['prod', prod],
    ] as const) {
      expect(job.concurrency).toEqual({ group: `deploy-${stack}`, 'cancel-in-progress': false });
      const deploys = npmRunCalls((job.steps ?? []).map((s) => s.run ?? '').join('\n'))
        .filter((c) => c.script === 'deploy')
        .map((c) => c.command);
      expect(deploys).toContain(`npm run deploy -- --stack ${stack} --yes`);
      for (const command of deploys) expect(command).toContain(`--stack ${stack} --yes`);
      const cache = job.steps?.find((s) => s.uses?.startsWith('actions/cache@'));
      expect(String(cache?.with?.key)).toContain(`datahub-releases-${stack}-`);
    }
  });
});

describe('Dependabot', () => {
  it('updates npm (root, app, policies), Docker (app, MinIO image) and the GitHub actions', () => {
    const file = '.github/dependabot.yml';
    const config: unknown = YAML.parse(readFileSync(path.join(repoRoot, file), 'utf8'));
    const needs = [
      { ecosystem: 'npm', directory: '/' },
      { ecosystem: 'npm', directory: '/app' },
      { ecosystem: 'npm', directory: '/policies' },
      { ecosystem: 'docker', directory: '/app' },
      { ecosystem: 'docker', directory: '/infra/docker/images/minio' },
      { ecosystem: 'github-actions', directory: '/' },
    ];
    expect(checkDependabot(file, config, needs)).toEqual([]);
  });
});

describe('the workflow checkers', () => {
  const fabricated = `
name: bad
on: push
defaults:
  run:
    working-directory: app
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@main
      - uses: someone/deploy-action@v2
      - uses: someone/other-action@0123456789abcdef0123456789abcdef01234567
      - uses: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0
      - run: npm run build
      - run: npm run no-such-script
      - run: npm --prefix .. run up-to-nothing
      - run: cd ../policies && npm run lint
      - run: npm run "\${{ matrix.script }}"
  reuse:
    uses: someone/workflows/.github/workflows/x.yml@v1
`;
  const packages: Record<string, Record<string, string>> = {
    '.': { lint: 'eslint .' },
    app: { build: 'tsc' },
    policies: { test: 'jest' },
  };
  const fakeScripts: ScriptsIn = (dir) => packages[dir];

  it('flag an unknown script, each in the directory it runs in, and a script name that is an expression', () => {
    const problems = checkNpmScripts('bad.yml', YAML.parse(fabricated), fakeScripts);
    expect(problems.map((p) => [p.where, p.message])).toEqual([
      ['jobs.build.steps[5]', expect.stringContaining("app/package.json has no script 'no-such-script'")],
      ['jobs.build.steps[6]', expect.stringContaining("package.json has no script 'up-to-nothing' (it has: lint)")],
      ['jobs.build.steps[7]', expect.stringContaining("policies/package.json has no script 'lint' (it has: test)")],
      ['jobs.build.steps[8]', expect.stringContaining('is not static')],
    ]);
  });

  it('flag unpinned and tag-pinned third-party actions, a branch-pinned first-party one, and a SHA without its version', () => {
    const problems = checkActionPins('bad.yml', actionRefs(YAML.parseDocument(fabricated)));
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^actions\/checkout@main: 'main' is not a release/),
      expect.stringMatching(
        /^someone\/deploy-action@v2: a third-party action must be pinned to a full 40-character commit SHA/,
      ),
      expect.stringMatching(/^someone\/other-action@0123.*: add the release the SHA is as a comment/),
      expect.stringMatching(/^someone\/workflows\/.github\/workflows\/x.yml@v1: a third-party action must be pinned/),
    ]);
  });

  it('accept first-party release tags and local actions', () => {
    const ok = YAML.parseDocument(`
jobs:
  a:
    steps:
      - uses: actions/checkout@v5
      - uses: github/codeql-action/init@v3.29.0
      - uses: ./.github/actions/setup
`);
    expect(checkActionPins('ok.yml', actionRefs(ok))).toEqual([]);
  });

  it('find npm scripts through cd, subshells, --prefix, -C, shell keywords and line continuations', () => {
    const script = [
      'npm ci',
      'npm --prefix app run build',
      'npm run lint --prefix=policies',
      '(cd app && npm run start) && npm test',
      'if true; then npm -C policies run check; fi',
      'FOO=1 npm run \\',
      '  bench -- --fast # npm run commented-out',
      'npm run verify --if-present',
      'npm run',
    ].join('\n');
    expect(npmRunCalls(script).map((c) => [c.dir, c.script, c.ifPresent])).toEqual([
      ['app', 'build', false],
      ['policies', 'lint', false],
      ['app', 'start', false],
      ['.', 'test', false],
      ['policies', 'check', false],
      ['.', 'bench', false],
      ['.', 'verify', true],
      ['.', null, false],
    ]);
  });

  it('flag a Dependabot config that misses an ecosystem or a directory', () => {
    const config = { version: 2, updates: [{ 'package-ecosystem': 'npm', directories: ['/', '/app/'] }] };
    const problems = checkDependabot('dependabot.yml', config, [
      { ecosystem: 'npm', directory: '/app' },
      { ecosystem: 'npm', directory: '/policies' },
      { ecosystem: 'github-actions', directory: '/' },
    ]);
    expect(problems.map((p) => p.message)).toEqual(['no npm updates for /policies', 'no github-actions updates for /']);
  });
});

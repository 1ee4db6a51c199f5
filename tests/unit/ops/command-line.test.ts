import { parseCommandLine, stacksFromFiles, usage } from '../../../ops/command-line';

const STACKS = ['dev', 'prod'];
const parse = (...argv: string[]) => parseCommandLine(argv, STACKS);

describe('the ops command line', () => {
  it('reads deploy with every flag', () => {
    expect(parse('deploy', '--stack', 'dev', '--yes', '--allow-data-loss', '--no-rollback')).toEqual({
      invocation: {
        command: 'deploy',
        stack: 'dev',
        yes: true,
        allowDataLoss: true,
        rollback: false,
        includingData: false,
        timeoutMs: 120_000,
      },
    });
  });

  it('defaults to asking, gating data loss and rolling back', () => {
    expect(parse('deploy', '--stack=prod')).toMatchObject({
      invocation: { stack: 'prod', yes: false, allowDataLoss: false, rollback: true },
    });
  });

  it('reads destroy --including-data and verify --timeout in seconds', () => {
    expect(parse('destroy', '--stack', 'dev', '--including-data')).toMatchObject({
      invocation: { command: 'destroy', includingData: true },
    });
    expect(parse('verify', '--stack', 'dev', '--timeout', '30')).toMatchObject({
      invocation: { command: 'verify', timeoutMs: 30_000 },
    });
    expect(parse('deploy', '--stack', 'dev', '--timeout', '45')).toMatchObject({
      invocation: { command: 'deploy', timeoutMs: 45_000 },
    });
  });

  it.each([
    [
      ['deploy', '--stack', 'dev', '--force'],
      'deploy: unknown flag --force; deploy takes --stack, --yes, --allow-data-loss, --no-rollback, --timeout',
    ],
    [['preview', '--stack', 'dev', '--yes'], 'preview: unknown flag --yes; preview takes --stack, --allow-data-loss'],
    [
      ['destroy', '--stack', 'dev', '--yes=1'],
      'destroy: --yes takes no value; destroy takes --stack, --yes, --including-data',
    ],
    [['verify', '--stack'], 'verify: --stack <value> needs a value; verify takes --stack, --timeout'],
    [['verify', '--stack', 'dev', 'extra'], 'verify: unexpected argument extra; name the stack with --stack <name>'],
    [['deploy'], 'deploy: --stack is required; the stacks are dev, prod, e.g. npm run deploy -- --stack dev'],
    [
      ['deploy', '--stack', 'qa'],
      'deploy: unknown stack "qa"; the stacks are dev, prod (a stack needs its Pulumi.qa.yaml)',
    ],
    [
      ['verify', '--stack', 'dev', '--timeout', '0'],
      'verify: --timeout must be a number of seconds between 1 and 3600, got "0"',
    ],
    [
      ['verify', '--stack', 'dev', '--timeout', 'soon'],
      'verify: --timeout must be a number of seconds between 1 and 3600, got "soon"',
    ],
    [['up', '--stack', 'dev'], 'unknown command "up"; the commands are deploy, preview, verify, destroy'],
  ])('refuses %j with a message naming the flag and the fix', (argv, message) => {
    expect(parse(...argv)).toEqual({ error: message });
  });

  it('prints the usage of every command, or of one', () => {
    expect(parse()).toEqual({ help: usage() });
    expect(usage()).toContain('npm run destroy -- --stack <stack> [flags]');
    expect(usage()).toContain('--including-data');
    expect(parse('deploy', '--help')).toEqual({ help: usage('deploy') });
    expect(usage('deploy')).not.toContain('--including-data');
  });

  it('knows the stacks from the Pulumi.<stack>.yaml files, not Pulumi.yaml', () => {
    expect(
      stacksFromFiles(['Pulumi.yaml', 'Pulumi.prod.yaml', 'Pulumi.dev.yaml', 'README.md', 'Pulumi.dev.yaml.bak']),
    ).toEqual(['dev', 'prod']);
  });
});

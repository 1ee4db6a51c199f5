/**
 * The ops commands' flags: `npm run deploy|preview|verify|destroy -- --stack <name> [flags]`.
 * Pure: argv in, a command or a usage error out.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type CommandName = 'deploy' | 'preview' | 'verify' | 'destroy';

interface FlagSpec {
  readonly type: 'boolean' | 'string';
  readonly help: string;
}

const STACK: FlagSpec = { type: 'string', help: 'the stack: one of the Pulumi.<stack>.yaml files' };
const YES: FlagSpec = { type: 'boolean', help: 'do not ask for confirmation (needed without a TTY)' };
const ALLOW_DATA_LOSS: FlagSpec = {
  type: 'boolean',
  help: 'allow a plan that deletes or replaces a data volume or the MinIO data mount',
};

export const COMMANDS: Readonly<Record<CommandName, { summary: string; flags: Readonly<Record<string, FlagSpec>> }>> = {
  deploy: {
    summary: 'preview, gate, up, verify; roll back to the last good release when up or verification fails',
    flags: {
      stack: STACK,
      yes: YES,
      'allow-data-loss': ALLOW_DATA_LOSS,
      'no-rollback': { type: 'boolean', help: 'leave a failed update as it is instead of rolling back' },
      timeout: { type: 'string', help: 'seconds for the verification after up, retries included (120)' },
    },
  },
  preview: {
    summary: 'the change table, policy results and the gate decision, without changing anything',
    flags: { stack: STACK, 'allow-data-loss': ALLOW_DATA_LOSS },
  },
  verify: {
    summary: "check the live stack's endpoints (the checks a deploy runs after up)",
    flags: { stack: STACK, timeout: { type: 'string', help: 'seconds for every check, retries included (120)' } },
  },
  destroy: {
    summary: 'remove the stack, keeping protected data volumes',
    flags: {
      stack: STACK,
      yes: YES,
      'including-data': { type: 'boolean', help: 'delete the protected data volumes too' },
    },
  },
};

export interface Invocation {
  readonly command: CommandName;
  readonly stack: string;
  readonly yes: boolean;
  readonly allowDataLoss: boolean;
  readonly rollback: boolean;
  readonly includingData: boolean;
  readonly timeoutMs: number;
}

export type Parsed = { readonly invocation: Invocation } | { readonly help: string } | { readonly error: string };

const isCommand = (name: string | undefined): name is CommandName => name !== undefined && name in COMMANDS;

export function usage(command?: CommandName): string {
  const names = command ? [command] : (Object.keys(COMMANDS) as CommandName[]);
  const lines: string[] = [];
  for (const name of names) {
    const spec = COMMANDS[name];
    lines.push(`npm run ${name} -- --stack <stack> [flags]   ${spec.summary}`);
    for (const [flag, f] of Object.entries(spec.flags)) {
      if (flag !== 'stack') lines.push(`    --${flag}${f.type === 'string' ? ' <value>' : ''}   ${f.help}`);
    }
  }
  return lines.join('\n');
}

function parseErrorMessage(err: unknown, command: CommandName): string {
  const e = err as { code?: string; message?: string };
  const flag = /'(-[^']*)'/.exec(e.message ?? '')?.[1];
  const known = Object.keys(COMMANDS[command].flags)
    .map((f) => `--${f}`)
    .join(', ');
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${command}: unknown flag ${flag ?? ''}; ${command} takes ${known}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `${command}: ${flag ?? 'a flag'} ${/argument missing/.test(e.message ?? '') ? 'needs a value' : 'takes no value'}; ${command} takes ${known}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `${command}: unexpected argument ${/'([^']*)'/.exec(e.message ?? '')?.[1] ?? ''}; name the stack with --stack <name>`;
    default:
      return `${command}: ${e.message ?? String(err)}`;
  }
}

/** `argv` after the script: the command, then its flags. `stacks` are the known stack names. */
export function parseCommandLine(argv: readonly string[], stacks: readonly string[]): Parsed {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') return { help: usage() };
  if (!isCommand(name))
    return { error: `unknown command "${name}"; the commands are ${Object.keys(COMMANDS).join(', ')}` };
  if (rest.includes('--help') || rest.includes('-h')) return { help: usage(name) };

  const options: ParseArgsConfig['options'] = Object.fromEntries(
    Object.entries(COMMANDS[name].flags).map(([flag, f]) => [flag, { type: f.type }]),
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }) as {
      values: Record<string, string | boolean | undefined>;
    });
  } catch (err) {
    return { error: parseErrorMessage(err, name) };
  }

  const stack = values.stack;
  const known = stacks.length > 0 ? stacks.join(', ') : '(none: no Pulumi.<stack>.yaml file)';
  if (typeof stack !== 'string' || stack === '') {
    return {
      error: `${name}: --stack is required; the stacks are ${known}, e.g. npm run ${name} -- --stack ${stacks[0] ?? 'dev'}`,
    };
  }
  if (!stacks.includes(stack)) {
    return {
      error: `${name}: unknown stack "${stack}"; the stacks are ${known} (a stack needs its Pulumi.${stack}.yaml)`,
    };
  }
  let timeoutMs = 120_000;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
      return {
        error: `${name}: --timeout must be a number of seconds between 1 and 3600, got "${String(values.timeout)}"`,
      };
    }
    timeoutMs = seconds * 1000;
  }
  return {
    invocation: {
      command: name,
      stack,
      yes: values.yes === true,
      allowDataLoss: values['allow-data-loss'] === true,
      rollback: values['no-rollback'] !== true,
      includingData: values['including-data'] === true,
      timeoutMs,
    },
  };
}

/** The stack names from the Pulumi.<stack>.yaml files in a folder listing. */
export function stacksFromFiles(files: readonly string[]): string[] {
  return files
    .map((f) => /^Pulumi\.([A-Za-z0-9_.-]+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

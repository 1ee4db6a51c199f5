/**
 * One measurement of `npm run bench`'s program-evaluation step, in a fresh process: loads a
 * Pulumi program under Pulumi's mocks (tests/support/pulumi-program.ts) and prints JSON
 * {ms, resources}. argv: <stack> <program .ts path>.
 */
import { performance } from 'node:perf_hooks';
import { runProgram } from '../support/pulumi-program';

// The program is TypeScript, as `pulumi up` runs it; ts-node compiles it on load.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('ts-node').register({ transpileOnly: true });

async function main(): Promise<void> {
  const [stack, program] = process.argv.slice(2);
  if (!stack || !program) throw new Error('usage: program-eval-child <stack> <program.ts>');
  const started = performance.now();
  const run = await runProgram(stack, { program });
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, resources: run.resources.length })}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

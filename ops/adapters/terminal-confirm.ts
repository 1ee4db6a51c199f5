import { createInterface } from 'node:readline/promises';
import type { Confirm } from '../confirm';

/** A y/N question on the terminal; undefined without a TTY on both stdin and stdout, so nothing prompts. */
export function terminalConfirm(): Confirm {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  };
}

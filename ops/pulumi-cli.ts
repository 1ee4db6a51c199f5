/** Finding the Pulumi CLI, and the one line an operator sees when it is not installed. */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export const INSTALL_PULUMI = 'curl -fsSL https://get.pulumi.com | sh';

export const pulumiMissingMessage = (command: string) =>
  `${command}: the Pulumi CLI is not installed (no \`pulumi\` on PATH or in ~/.pulumi/bin). Install it with: ${INSTALL_PULUMI}  then open a new shell and rerun.`;

export class PulumiMissingError extends Error {
  override readonly name = 'PulumiMissingError';
}

const isExecutable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Where `pulumi` is: the first one on PATH (`root` undefined: the Automation API runs "pulumi"), else
 * the installer's default ~/.pulumi/bin (`root` is ~/.pulumi). Undefined when there is none.
 */
export function findPulumi(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  executable: (file: string) => boolean = isExecutable,
): { binary: string; root?: string } | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter((d) => d !== '')) {
    const binary = path.join(dir, 'pulumi');
    if (executable(binary)) return { binary };
  }
  const root = path.join(home, '.pulumi');
  const binary = path.join(root, 'bin', 'pulumi');
  return executable(binary) ? { binary, root } : undefined;
}

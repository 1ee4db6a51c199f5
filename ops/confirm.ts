/** The one confirmation rule of deploy and destroy: ask on a TTY unless --yes; never prompt without one. */
export type Confirm = ((question: string) => Promise<boolean>) | undefined;

/** True to go ahead; otherwise it has logged why not (the caller exits with EXIT.gated). */
export async function confirmed(
  verb: 'deploy' | 'destroy',
  question: string,
  yes: boolean,
  confirm: Confirm,
  log: (line: string) => void,
): Promise<boolean> {
  if (yes) return true;
  if (!confirm) {
    log(`refused: no TTY to confirm on; rerun with --yes to ${verb} without asking`);
    return false;
  }
  if (await confirm(question)) return true;
  log(`not ${verb}ed: the operator said no`);
  return false;
}

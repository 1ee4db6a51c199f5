import { execFileSync } from 'node:child_process';

/** The commit being deployed; `-dirty` when the working tree has uncommitted changes. */
export async function gitRevision(workDir: string): Promise<string> {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: workDir, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: workDir, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${rev}-dirty` : rev;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

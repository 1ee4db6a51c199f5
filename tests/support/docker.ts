import { execFile, execFileSync } from 'node:child_process';
import Docker from 'dockerode';
import { waitFor } from './wait-for';

const INSTALL_HINT =
  'Install and start it with `apt-get install -y docker.io && (dockerd > /var/log/dockerd.log 2>&1 &)`, ' +
  'or run `npm run test:all`, which does it.';

/** Connects to the Docker engine (DOCKER_HOST or the default socket), or fails naming the install step. */
export async function connectDocker(): Promise<Docker> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`the Docker engine is not reachable (${reason}). ${INSTALL_HINT}`, { cause: err });
  }
  return docker;
}

let buildkitAvailable: boolean | undefined;

/** The docker CLI falls back to the deprecated legacy builder only when asked to if buildx is missing. */
function cliEnv(): NodeJS.ProcessEnv {
  if (buildkitAvailable === undefined) {
    try {
      execFileSync('docker', ['buildx', 'version'], { stdio: 'ignore' });
      buildkitAvailable = true;
    } catch {
      buildkitAvailable = false;
    }
  }
  return buildkitAvailable ? process.env : { ...process.env, DOCKER_BUILDKIT: '0' };
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command (the legacy builder selected for `docker build` when buildx is missing); fails with its output. */
export function run(
  file: string,
  args: readonly string[],
  { cwd, timeoutMs = 300_000 }: { cwd?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd, env: cliEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const hint = (err as NodeJS.ErrnoException).code === 'ENOENT' ? ` ${INSTALL_HINT}` : '';
          const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
          reject(new Error(`\`${file} ${args.join(' ')}\` failed: ${err.message}${hint}\n${tail}`, { cause: err }));
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/** Splits Docker's multiplexed stdout/stderr frames (containers without a TTY). */
export function demux(raw: Buffer): CommandResult {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const stream = raw.readUInt8(offset);
    const size = raw.readUInt32BE(offset + 4);
    const frame = raw.subarray(offset + 8, offset + 8 + size);
    (stream === 2 ? err : out).push(frame);
    offset += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** A container's whole log so far, stdout and stderr together. */
export async function containerLogs(container: Docker.Container): Promise<string> {
  const raw = await container.logs({ stdout: true, stderr: true, follow: false });
  const { stdout, stderr } = demux(raw);
  return `${stdout}${stderr}`;
}

/** `docker exec` without a TTY: the command's exit code and output. */
export async function execIn(
  container: Docker.Container,
  cmd: readonly string[],
): Promise<CommandResult & { exitCode: number }> {
  const exec = await container.exec({ Cmd: [...cmd], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  // The stream can end a moment before the engine records the exit code.
  const exitCode = await waitFor(`exit code of \`${cmd.join(' ')}\``, async () => {
    const { ExitCode, Running } = await exec.inspect();
    return Running || ExitCode === null ? undefined : ExitCode;
  });
  return { exitCode, ...demux(Buffer.concat(chunks)) };
}

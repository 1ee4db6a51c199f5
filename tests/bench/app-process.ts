import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';

/** The real app (`node app/dist/main.js`) as a child process, so its memory and CPU are its own. */
export class AppProcess {
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout?.on('data', (d: Buffer) => this.append(d));
    child.stderr?.on('data', (d: Buffer) => this.append(d));
  }

  static async start(root: string, env: Record<string, string>): Promise<AppProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(root, 'app', 'dist', 'main.js')], {
      cwd: path.join(root, 'app'),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new AppProcess(child, port);
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`the app exited with code ${code} while starting:\n${app.log}`);
    });
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      waitFor('the app to be ready', async () => {
        const res = await fetch(`${app.url}/health/ready`);
        await res.arrayBuffer();
        return res.ok ? true : undefined;
      }),
    ]);
    return app;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What the app logged (LOG_LEVEL=warn keeps this to problems), last 4 KiB. */
  get output(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private append(data: Buffer): void {
    this.log = (this.log + data.toString()).slice(-4096);
  }
}

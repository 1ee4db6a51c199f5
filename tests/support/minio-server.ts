import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { freePort } from './free-port';
import { MINIO_MODULE, goTool } from './tools';
import { waitFor } from './wait-for';

/**
 * A real MinIO server process on a free 127.0.0.1 port with a temporary data folder.
 * `stop()` and `start()` keep port, credentials and data, so tests can stage an outage.
 */
export class MinioServer {
  private process: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly binary: string,
    readonly port: number,
    readonly dataDir: string,
    readonly accessKey: string,
    readonly secretKey: string,
  ) {}

  static async launch(): Promise<MinioServer> {
    const binary = goTool('minio', MINIO_MODULE);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'datahub-minio-'));
    const server = new MinioServer(
      binary,
      await freePort(),
      dataDir,
      `test${randomBytes(6).toString('hex')}`,
      randomBytes(24).toString('base64url'),
    );
    await server.start();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Environment for the app's config loader. */
  appEnv(bucket = 'datahub-test'): Record<string, string> {
    return {
      MINIO_ENDPOINT: '127.0.0.1',
      MINIO_PORT: String(this.port),
      MINIO_ACCESS_KEY: this.accessKey,
      MINIO_SECRET_KEY: this.secretKey,
      MINIO_BUCKET: bucket,
    };
  }

  async start(): Promise<void> {
    if (this.process) return;
    this.log = '';
    const child = spawn(this.binary, ['server', this.dataDir, '--address', `127.0.0.1:${this.port}`, '--quiet'], {
      env: {
        ...process.env,
        MINIO_ROOT_USER: this.accessKey,
        MINIO_ROOT_PASSWORD: this.secretKey,
        MINIO_BROWSER: 'off',
        MINIO_UPDATE: 'off',
        // As the stack runs it: metrics readable without a token (on the stack network there, on loopback here).
        MINIO_PROMETHEUS_AUTH_TYPE: 'public',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (this.log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.log += d.toString()));
    this.process = child;
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`minio exited with code ${code} while starting:\n${this.log}`);
    });
    await Promise.race([
      exited,
      waitFor('MinIO to be ready', async () => {
        const res = await fetch(`${this.url}/minio/health/ready`);
        return res.ok ? true : undefined;
      }),
    ]);
    exited.catch(() => undefined);
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = undefined;
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

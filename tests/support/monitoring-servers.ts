/**
 * Real Prometheus and Alertmanager processes (Debian packages) on free 127.0.0.1 ports with
 * temporary storage, and a webhook receiver that records what Alertmanager delivers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StackConfig } from '../../infra/config';
import {
  RULE_FILE,
  prometheusAlertingArgs,
  renderAlertmanagerConfig,
  renderMonitoringFiles,
  renderPrometheusConfig,
  scrapeJobs,
} from '../../infra/monitoring';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const INSTALL =
  'apt-get install -y prometheus prometheus-alertmanager (or run `npm run test:all`, which installs them)';

function binary(names: readonly string[]): string {
  for (const name of names)
    for (const dir of ['/usr/bin', '/usr/local/bin']) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  throw new Error(`${names[0]} is not installed. Install it with:\n  ${INSTALL}`);
}

class ManagedProcess {
  private child: ChildProcess | undefined;
  private log = '';
  constructor(
    private readonly command: string,
    private readonly args: readonly string[],
    readonly url: string,
    private readonly readyPath: string,
    private readonly dataDir: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(this.command, [...this.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (this.log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.log += d.toString()));
    this.child = child;
    await waitFor(`${path.basename(this.command)} to be ready`, async () => {
      if (child.exitCode !== null) throw new Error(`${this.command} exited with ${child.exitCode}:\n${this.log}`);
      return (await fetch(`${this.url}${this.readyPath}`)).ok ? true : undefined;
    });
  }

  output(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A local Prometheus with the stack's alerting flags (its resend delay decides when a dropped first notification is retried). */
export async function startPrometheus(
  configFile: string,
  port: number,
  config: Pick<StackConfig, 'alertProfile'>,
): Promise<ManagedProcess & { port: number }> {
  const data = mkdtempSync(path.join(tmpdir(), 'datahub-prometheus-'));
  const proc = new ManagedProcess(
    binary(['prometheus']),
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...prometheusAlertingArgs(config),
    ],
    `http://127.0.0.1:${port}`,
    '/-/ready',
    data,
  );
  await proc.start();
  return Object.assign(proc, { port });
}

/** Starts Alertmanager on `port` (chosen first, because Prometheus' config must name it). */
export async function startAlertmanager(configFile: string, port: number): Promise<ManagedProcess> {
  const data = mkdtempSync(path.join(tmpdir(), 'datahub-alertmanager-'));
  const proc = new ManagedProcess(
    binary(['prometheus-alertmanager', 'alertmanager']),
    [
      `--config.file=${configFile}`,
      `--storage.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ],
    `http://127.0.0.1:${port}`,
    '/-/ready',
    data,
  );
  await proc.start();
  return proc;
}

export interface Delivery {
  readonly at: number;
  readonly path: string;
  readonly status: 'firing' | 'resolved';
  readonly alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

/** An HTTP endpoint that records every Alertmanager webhook delivery with its arrival time. */
export async function startWebhookReceiver(): Promise<{ url: string; deliveries: Delivery[]; close(): Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        const payload = JSON.parse(body) as Omit<Delivery, 'at' | 'path'>;
        deliveries.push({ at: Date.now(), path: req.url ?? '/', status: payload.status, alerts: payload.alerts });
        res.writeHead(200).end('ok');
      } catch {
        res.writeHead(400).end('not json');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
}

export async function prometheusAlerts(url: string): Promise<PromAlert[]> {
  const body = (await (await fetch(`${url}/api/v1/alerts`)).json()) as { data: { alerts: PromAlert[] } };
  return body.data.alerts;
}

export async function prometheusQuery(
  url: string,
  query: string,
): Promise<{ status: string; resultCount: number; error?: string }> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { status: string; data?: { result: unknown[] }; error?: string };
  return { status: body.status, resultCount: body.data?.result.length ?? 0, error: body.error };
}

export interface LocalMonitoring {
  readonly prometheus: ManagedProcess & { port: number };
  readonly alertmanager: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * The stack's rendered Prometheus and Alertmanager configs, run as local processes: the same
 * scrape jobs (and, with `rules`, the same rule file), with each target's network alias replaced
 * by the local address of the real app and MinIO.
 */
export async function startLocalMonitoring(
  config: StackConfig,
  targets: { readonly appUrl: string; readonly minioPort: number },
  { rules }: { readonly rules: boolean },
): Promise<LocalMonitoring> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'datahub-monitoring-'));
  const amPort = await freePort();
  const promPort = await freePort();
  const local: Record<string, string> = {
    prometheus: `127.0.0.1:${promPort}`,
    app: targets.appUrl.replace('http://', ''),
    minio: `127.0.0.1:${targets.minioPort}`,
    alertmanager: `127.0.0.1:${amPort}`,
  };
  const jobs = scrapeJobs(config).map((job) => ({ ...job, targets: [local[job.name]!] }));
  const ruleFiles = rules ? [RULE_FILE] : [];
  mkdirSync(path.join(workDir, 'rules'));
  writeFileSync(
    path.join(workDir, 'prometheus.yml'),
    renderPrometheusConfig(config, { jobs, ruleFiles, alertmanagers: [local.alertmanager!] }),
  );
  if (rules) {
    writeFileSync(
      path.join(workDir, 'rules', RULE_FILE),
      renderMonitoringFiles(config).prometheus[`/etc/prometheus/rules/${RULE_FILE}`]!,
    );
  }
  writeFileSync(path.join(workDir, 'alertmanager.yml'), renderAlertmanagerConfig(config));
  const alertmanager = await startAlertmanager(path.join(workDir, 'alertmanager.yml'), amPort);
  const prometheus = await startPrometheus(path.join(workDir, 'prometheus.yml'), promPort, config);
  return {
    prometheus,
    alertmanager,
    async stop() {
      await prometheus.stop();
      await alertmanager.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

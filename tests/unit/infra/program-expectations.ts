/** Assertions every stack must satisfy, shared by the per-stack program tests. */
import { parse } from 'yaml';
import type { StackConfig } from '../../../infra/config';
import type { ProgramRun, Registration } from '../../support/pulumi-program';

export const CONTAINER = 'docker:index/container:Container';
export const VOLUME = 'docker:index/volume:Volume';
export const REMOTE_IMAGE = 'docker:index/remoteImage:RemoteImage';
export const IMAGE = 'docker:index/image:Image';

type Inputs = Record<string, unknown>;
const list = <T>(value: unknown) => (value ?? []) as T[];

export function containers(run: ProgramRun): Registration[] {
  return run.byType(CONTAINER);
}

export function serviceOf(container: Registration): string {
  const labels = list<{ label: string; value: string }>(container.inputs.labels);
  return labels.find((l) => l.label === 'org.datahub.service')!.value;
}

export function expectHardened(container: Registration, config: StackConfig): void {
  const i = container.inputs as Inputs;
  const service = serviceOf(container) as keyof StackConfig['memoryMb'];
  const [uid] = String(i.user).split(':');
  expect({ name: container.name, user: i.user }).toEqual({
    name: container.name,
    user: expect.stringMatching(/^\d+:\d+$/),
  });
  expect(uid).not.toBe('0');
  expect(i.privileged).toBe(false);
  expect(i.capabilities).toEqual({ drops: ['ALL'], adds: [] });
  expect(i.securityOpts).toEqual(['no-new-privileges:true']);
  expect(i.memory).toBe(config.memoryMb[service]);
  expect(i.memorySwap).toBe(config.memoryMb[service]);
  expect(i.restart).toBe(config.restartPolicy);
  expect(i.logDriver).toBe('json-file');
  expect(i.logOpts).toEqual({
    'max-size': `${config.logRotation.maxSizeMb}m`,
    'max-file': String(config.logRotation.maxFiles),
  });
  const healthcheck = i.healthcheck as { tests: string[]; interval: string; retries: number };
  expect(healthcheck.tests[0]).toBe('CMD');
  expect(healthcheck.tests.length).toBeGreaterThan(1);
  expect(healthcheck.interval).toMatch(/^\d+s$/);
  expect(i.wait).toBe(true);
  expect(i.waitTimeout).toBeGreaterThan(0);
  expect(list<{ label: string; value: string }>(i.labels)).toContainEqual({
    label: 'org.datahub.stack',
    value: config.stack,
  });
}

export function aliasesByService(run: ProgramRun): Map<string, string[]> {
  return new Map(
    containers(run).map((c) => [
      serviceOf(c),
      list<{ aliases: string[] }>(c.inputs.networksAdvanced).flatMap((n) => n.aliases),
    ]),
  );
}

export function uploadedFile(container: Registration, path: string): string {
  const upload = list<{ file: string; content: string }>(container.inputs.uploads).find((u) => u.file === path);
  if (!upload) throw new Error(`${container.name} has no upload at ${path}`);
  return upload.content;
}

/** Host names of every scrape target in the uploaded prometheus.yml. */
export function scrapeTargetHosts(prometheus: Registration): string[] {
  const config = parse(uploadedFile(prometheus, '/etc/prometheus/prometheus.yml')) as {
    scrape_configs: { static_configs: { targets: string[] }[] }[];
    alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  };
  const targets = [
    ...config.scrape_configs.flatMap((j) => j.static_configs.flatMap((s) => s.targets)),
    ...config.alerting.alertmanagers.flatMap((a) => a.static_configs.flatMap((s) => s.targets)),
  ];
  return targets.map((t) => t.split(':')[0]!);
}

/** Every string anywhere in a value, for "this secret appears nowhere" checks. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

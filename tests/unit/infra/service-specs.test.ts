/** The service specs (infra/services/) and what each platform makes of them. */
import * as pulumi from '@pulumi/pulumi';
import { SERVICES, parseStackConfig } from '../../../infra/config';
import { serviceContainerArgs } from '../../../infra/docker/service-container';
import { serviceContainer } from '../../../infra/kubernetes/service-container';
import { renderMonitoringFiles } from '../../../infra/monitoring/render';
import { scrapeJobs } from '../../../infra/monitoring/scrape-jobs';
import { portOf, type ServiceSpec } from '../../../infra/services/service-spec';
import { stackServices } from '../../../infra/services/stack-services';
import { stackConfig } from '../../support/pulumi-program';

const prod = parseStackConfig('prod', stackConfig('prod'));
const dev = parseStackConfig('dev', stackConfig('dev'));
const specsOf = (config: typeof prod) =>
  Object.values(
    stackServices(config, {
      publicStorageUrl: 'http://minio.test:9000',
      monitoringFiles: renderMonitoringFiles(config),
    }),
  ).filter((s): s is ServiceSpec => s !== undefined);

const credentials = {
  minioRootUser: pulumi.output('user'),
  minioRootPassword: pulumi.output('password'),
  grafanaAdminUser: 'datahub-admin',
  grafanaAdminPassword: pulumi.output('grafana'),
};
const secretRef = { secret: 'secret-name', key: 'k' };

describe('service specs', () => {
  it('describe every service once, and only enabled ones', () => {
    expect(
      specsOf(prod)
        .map((s) => s.service)
        .sort(),
    ).toEqual([...SERVICES].sort());
    const noGrafana = parseStackConfig('dev', stackConfig('dev', { 'datahub:grafana': { enabled: false } }));
    expect(specsOf(noGrafana).map((s) => s.service)).not.toContain('grafana');
  });

  it.each(specsOf(prod).map((s) => [s.service, s] as const))(
    '%s never runs as root and names its credentials, not their values',
    (_, spec) => {
      expect(spec.user.uid).toBeGreaterThan(0);
      for (const e of spec.env) {
        if (/PASSWORD|SECRET|ACCESS_KEY|ROOT_USER/.test(e.name)) expect('credential' in e).toBe(true);
      }
    },
  );

  it.each(specsOf(prod).map((s) => [s.service, s] as const))(
    '%s: Kubernetes runs the spec’s arguments, environment, ports and health paths',
    (_, spec) => {
      const container = serviceContainer(spec, {
        config: prod,
        kubernetes: prod.kubernetes!,
        image: 'image',
        credentials: { minioRootUser: secretRef, minioRootPassword: secretRef, grafanaAdminPassword: secretRef },
        volumeMounts: [],
      });
      expect(container.args).toEqual(spec.args);
      const env = (container.env ?? []) as { name: string }[];
      expect(env.map((e) => e.name)).toEqual([...spec.env, ...(spec.readOnlyRootEnv ?? [])].map((e) => e.name));
      expect((container.ports as { containerPort: number }[]).map((p) => p.containerPort)).toEqual(
        spec.ports.map((p) => p.port),
      );
      expect(container.readinessProbe).toMatchObject({
        httpGet: { path: spec.health.readyPath, port: spec.ports[0]!.name },
      });
      expect(container.livenessProbe).toMatchObject({ httpGet: { path: spec.health.livePath } });
    },
  );

  it.each(specsOf(dev).map((s) => [s.service, s] as const))(
    '%s: Docker runs the spec’s arguments, environment, user and health command',
    (_, spec) => {
      const args = serviceContainerArgs(spec, { config: dev, network: 'net', image: 'image', credentials });
      expect(args.command).toEqual(spec.args);
      // Services that receive files keep a writable root on Docker, so the read-only extras do not apply.
      expect(((args.envs ?? []) as unknown[]).length).toBe(
        spec.env.length + (spec.files ? 0 : (spec.readOnlyRootEnv ?? []).length),
      );
      expect(args.user).toBe(`${spec.user.uid}:${spec.user.gid}`);
      expect(args.healthcheck).toMatchObject({ tests: ['CMD', ...spec.health.command] });
      expect(args.readOnly).toBe(spec.files === undefined);
    },
  );

  it.each(specsOf(prod).map((s) => [s.service, s] as const))(
    '%s is scraped where its spec says it serves metrics, on one of its ports',
    (service, spec) => {
      const job = scrapeJobs(prod).find((j) => j.service === service)!;
      expect(spec.ports.map((p) => p.port)).toContain(spec.metrics.port);
      expect(job.metricsPath ?? '/metrics').toBe(spec.metrics.path);
      if (service !== 'prometheus') expect(job.targets).toEqual([`${service}:${spec.metrics.port}`]);
    },
  );

  it('portOf finds a port by name, the first one without a name, and names a port that is not there', () => {
    const minio = specsOf(prod).find((s) => s.service === 'minio')!;
    expect(portOf(minio).name).toBe('api');
    expect(portOf(minio, 'console').port).toBe(9001);
    expect(() => portOf(minio, 'metrics')).toThrow('minio has no port named metrics');
  });

  it('a Kubernetes container refuses a credential it was not told where to find', () => {
    const app = specsOf(prod).find((s) => s.service === 'app')!;
    expect(() =>
      serviceContainer(app, { config: prod, kubernetes: prod.kubernetes!, image: 'i', volumeMounts: [] }),
    ).toThrow('app reads minioRootUser, and no Secret holding it was given');
  });
});

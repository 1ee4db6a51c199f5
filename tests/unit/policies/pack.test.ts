/** The pack as a whole: its files, the policies' metadata, and the helpers every policy shares. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseImageRef } from '../../../policies/shared/image-ref';
import { UnknownValueError, unknownCheckingProxy } from '../../../policies/shared/policy-sdk';
import { UNKNOWN, snapshot } from '../../../policies/shared/props';
import { envOf, serviceOf } from '../../../policies/docker/resources';
import { UNKNOWN_VALUE, resourceArgs, runResourcePolicy } from '../../support/policy-args';
import { REPO } from '../../support/pulumi-program';
import { DOMAINS, POLICIES, isStackPolicy } from './pack';
import { packConfigFile } from './program-policies';

const policiesFile = (file: string) => readFileSync(path.join(REPO, 'policies', file), 'utf8');

describe('the policy pack files', () => {
  it('index.ts builds the datahub pack, mandatory by default, from every domain list and nothing else', () => {
    const index = policiesFile('index.ts');
    expect(index).toContain("new PolicyPack('datahub', {");
    expect(index).toContain("enforcementLevel: 'mandatory'");
    for (const [file, { exported }] of Object.entries(DOMAINS)) {
      expect(index).toContain(`import { ${exported} } from './${file}';`);
      expect(index).toContain(`...${exported},`);
    }
    expect(index.match(/^import /gm)).toHaveLength(Object.keys(DOMAINS).length + 1);
  });

  it('package.json pins @pulumi/policy 1.21.0 and @pulumi/pulumi 3.270.0 exactly, with a version', () => {
    const pkg = JSON.parse(policiesFile('package.json')) as { version: string; dependencies: Record<string, string> };
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies).toMatchObject({ '@pulumi/policy': '1.21.0', '@pulumi/pulumi': '3.270.0' });
    for (const version of Object.values(pkg.dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('PulumiPolicy.yaml runs on nodejs and describes the pack', () => {
    const manifest = parse(policiesFile('PulumiPolicy.yaml')) as { runtime: string; description: string };
    expect(manifest.runtime).toBe('nodejs');
    expect(manifest.description.length).toBeGreaterThan(20);
  });

  it('config/prod.json configures only known properties of known policies', () => {
    const byName = new Map(POLICIES.map((p) => [p.name, p]));
    for (const [name, config] of Object.entries(packConfigFile('prod'))) {
      const properties = Object.keys(byName.get(name)?.configSchema?.properties ?? {});
      expect({
        name,
        keys: Object.keys(config).filter((k) => k !== 'enforcementLevel' && !properties.includes(k)),
      }).toEqual({
        name,
        keys: [],
      });
    }
  });
});

describe('every policy', () => {
  it('has a unique kebab-case name', () => {
    const names = POLICIES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it.each(POLICIES.map((p) => [p.name, p]))(
    '%s has a one-sentence "Checks whether/that" description and a level',
    (_n, p) => {
      expect(p.description).toMatch(/^Checks (whether|that) [^]+\.$/);
      expect(p.description.slice(0, -1)).not.toMatch(/\.\s/);
      expect(['mandatory', 'advisory']).toContain(p.enforcementLevel);
    },
  );

  it.each(POLICIES.filter((p) => p.configSchema).map((p) => [p.name, p]))(
    '%s documents every config knob with a default',
    (_n, p) => {
      for (const [key, schema] of Object.entries(p.configSchema!.properties)) {
        expect({ key, hasDefault: 'default' in schema, description: typeof schema.description }).toEqual({
          key,
          hasDefault: true,
          description: 'string',
        });
      }
    },
  );

  it('is mandatory except the log rotation and retention advisories', () => {
    expect(POLICIES.filter((p) => p.enforcementLevel === 'advisory').map((p) => p.name)).toEqual([
      'container-log-rotation',
      'prometheus-retention',
    ]);
    expect(POLICIES.filter(isStackPolicy).map((p) => p.name)).toEqual([
      'prometheus-scrapes-services',
      'kubernetes-app-replicas',
      'kubernetes-app-disruption-budget',
    ]);
  });
});

describe('reading props that are unknown during preview', () => {
  it("uses the engine's unknown sentinel, which @pulumi/policy's proxy refuses to read", () => {
    const props = unknownCheckingProxy({ envs: ['A=1', UNKNOWN_VALUE], user: UNKNOWN_VALUE });
    expect(() => props.user).toThrow(UnknownValueError);
    expect(() => props.envs[1]).toThrow(/value at \.envs\.1 can't be known during preview/);
  });

  it('the test helper fails a policy that lets UnknownValueError escape (the host would skip it as a whole)', async () => {
    const careless = {
      name: 'careless',
      description: 'Checks nothing.',
      validateResource: (args: { props: Record<string, unknown> }) => {
        void String(args.props.user);
      },
    };
    const args = resourceArgs({ type: 'docker:index/container:Container', props: { user: UNKNOWN_VALUE } });
    await expect(runResourcePolicy(careless, args)).rejects.toThrow(/policy careless let an unknown value abort it/);
  });

  it('snapshot makes only the unknown values unknown', () => {
    const props = unknownCheckingProxy({
      envs: ['A=1', UNKNOWN_VALUE],
      user: UNKNOWN_VALUE,
      nested: { ok: [1, { x: 'y' }] },
    });
    expect(snapshot(props)).toEqual({ envs: ['A=1', UNKNOWN], user: UNKNOWN, nested: { ok: [1, { x: 'y' }] } });
    expect(snapshot({ plain: true })).toEqual({ plain: true });
  });

  it('envOf keeps the known entries and says whether the list is complete', () => {
    expect(envOf({ envs: ['A=1', 'B=x=y', UNKNOWN] })).toEqual({
      vars: new Map([
        ['A', '1'],
        ['B', 'x=y'],
      ]),
      complete: false,
    });
    expect(envOf({ envs: UNKNOWN })).toBe(UNKNOWN);
    expect(envOf({})).toEqual({ vars: new Map(), complete: true });
  });
});

describe('identifying services and images', () => {
  it.each([
    [{ labels: [{ label: 'org.datahub.service', value: 'grafana' }], image: 'sha256:x' }, 'grafana'],
    [{ image: 'minio/minio:latest' }, 'minio'],
    [{ image: 'quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z' }, 'minio'],
    [{ image: 'prom/prometheus' }, 'prometheus'],
    [{ image: 'grafana/grafana-oss:12.1.1' }, 'grafana'],
    [{ image: 'datahub-app:0123456789abcdef' }, 'app'],
    [{ image: `sha256:${'a'.repeat(64)}` }, undefined],
    [{ image: 'nginx:1.27' }, undefined],
    [{ labels: [{ label: 'org.datahub.service', value: 'other' }], image: 'minio/minio:x' }, 'minio'],
  ])('%j → %s', (props, service) => {
    expect(serviceOf(props)).toBe(service);
  });

  it.each([
    ['minio/minio', { repository: 'minio/minio' }],
    ['localhost:5000/minio:RELEASE.1', { repository: 'localhost:5000/minio', tag: 'RELEASE.1' }],
    [`node:24@sha256:${'c'.repeat(64)}`, { repository: 'node', tag: '24', digest: `sha256:${'c'.repeat(64)}` }],
    ['node@sha256:short', { repository: 'node' }],
  ])('parseImageRef(%s)', (image, ref) => {
    expect(parseImageRef(image)).toEqual(ref);
  });
});

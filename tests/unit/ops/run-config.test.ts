import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseOverrides, parseStackFile, renderRunConfig, StackFileError } from '../../../ops/run-config';

const REPO = path.resolve(__dirname, '../../..');
const DEV = readFileSync(path.join(REPO, 'Pulumi.dev.yaml'), 'utf8');

describe('the run config (what Pulumi runs with instead of the committed stack file)', () => {
  it('reads config values as `pulumi config --json` gives them, and which keys are secure', () => {
    const file = parseStackFile(
      'encryptionsalt: v1:s\nconfig:\n  datahub:ports:\n    app: 8080\n  datahub:logLevel: debug\n  datahub:maxObjectMb: 5120\n  datahub:protectData: false\n  datahub:smtpPassword:\n    secure: v1:abc\n',
      'Pulumi.x.yaml',
    );
    expect(file.plain).toEqual({
      'datahub:ports': '{"app":8080}',
      'datahub:logLevel': 'debug',
      'datahub:maxObjectMb': '5120',
      'datahub:protectData': 'false',
    });
    expect([...file.secretKeys]).toEqual(['datahub:smtpPassword']);
    expect(file.encryptionSalt).toBe('v1:s');
  });

  it('keeps the committed text, comments included, and only adds the salt', () => {
    const run = renderRunConfig(DEV, { encryptionSalt: 'v1:salt' });
    expect(run).toContain('# The dev stack: one machine');
    expect(run).toContain('encryptionsalt: v1:salt');
    expect(parseStackFile(run, 'run').plain).toEqual(parseStackFile(DEV, 'dev').plain);
  });

  it('sets overrides over the committed values', () => {
    const run = renderRunConfig(DEV, { overrides: { 'datahub:grafana': { enabled: false }, 'datahub:new': 'x' } });
    const plain = parseStackFile(run, 'run').plain;
    expect(plain['datahub:grafana']).toBe('{"enabled":false}');
    expect(plain['datahub:new']).toBe('x');
    expect(plain['datahub:bucket']).toBe('datahub');
  });

  it("replaces the plain values with a release's, keeping the secure ones, objects back as objects", () => {
    const committed =
      'config:\n  datahub:logLevel: debug\n  datahub:gone: 1\n  datahub:smtpPassword:\n    secure: v1:abc\n';
    const run = renderRunConfig(committed, {
      encryptionSalt: 'v1:s',
      replacePlain: { 'datahub:logLevel': 'info', 'datahub:ports': '{"app":18080}', 'datahub:appImage': 'sha256:1' },
    });
    const file = parseStackFile(run, 'run');
    expect(file.plain).toEqual({
      'datahub:logLevel': 'info',
      'datahub:ports': '{"app":18080}',
      'datahub:appImage': 'sha256:1',
    });
    expect([...file.secretKeys]).toEqual(['datahub:smtpPassword']);
    expect(run).toMatch(/datahub:ports:\n\s+app: 18080/);
  });

  it('refuses a broken stack file or overrides file with a message naming the file', () => {
    expect(() => parseStackFile('config: [\n', 'Pulumi.dev.yaml')).toThrow(StackFileError);
    expect(() => parseStackFile('config: [\n', 'Pulumi.dev.yaml')).toThrow(/Pulumi.dev.yaml is not valid YAML/);
    expect(() => parseOverrides('datahub:x: 1\n', '/tmp/o.yaml')).toThrow(/must hold a "config:" map/);
    expect(() => parseOverrides('config:\n  datahub:p:\n    secure: v1:x\n', '/tmp/o.yaml')).toThrow(
      /secure value; set secrets with pulumi config set --secret/,
    );
    expect(parseOverrides('config:\n  datahub:grafana:\n    enabled: false\n', '/tmp/o.yaml')).toEqual({
      'datahub:grafana': { enabled: false },
    });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseStackFile } from '../../../ops/run-config';
import { configuredPlatform } from '../../../ops/stack-platform';

const REPO = path.resolve(__dirname, '../../..');

function committed(stack: string) {
  const file = `Pulumi.${stack}.yaml`;
  const { plain, secretKeys } = parseStackFile(readFileSync(path.join(REPO, file), 'utf8'), file);
  return configuredPlatform(stack, plain, secretKeys);
}

/** A Kubernetes stack `staging` with this `datahub:kubernetes` block (registry always set). */
const onKubernetes = (block: Record<string, unknown>, secretKeys: readonly string[] = []) =>
  configuredPlatform(
    'staging',
    {
      'datahub:platform': 'kubernetes',
      'datahub:kubernetes': JSON.stringify({ registry: 'registry.example.com/datahub', ...block }),
    },
    new Set(secretKeys),
  );

describe('the platform a stack runs on, as the CLI learns it from the run config', () => {
  it('is the program’s reading of the committed stack files, defaults included', () => {
    expect(committed('dev').rules.name).toBe('docker');
    const prod = committed('prod');
    expect(prod.rules.name).toBe('kubernetes');
    expect(prod.target).toMatchObject({ stack: 'prod', kubernetes: { namespace: 'datahub-prod' } });
    expect(prod.rules.inspectCommand(prod.target)).toBe(
      'kubectl get pods -n datahub-prod -l app.kubernetes.io/instance=prod',
    );
  });

  it('fills in the default namespace, as the program does', () => {
    const platform = onKubernetes({});
    expect(platform.rules.inspectCommand(platform.target)).toBe(
      'kubectl get pods -n datahub -l app.kubernetes.io/instance=staging',
    );
  });

  it('counts secret keys as set, without their values', () => {
    const platform = onKubernetes({ registryUsername: 'ci' }, ['datahub:registryPassword']);
    expect(platform.target.kubernetes?.namespace).toBe('datahub');
  });

  it('on a config the program will refuse, goes by the platform it names', () => {
    const broken = configuredPlatform('staging', { 'datahub:platform': 'kubernetes', 'datahub:nope': 'x' }, new Set());
    expect(broken.rules.name).toBe('kubernetes');
    expect(broken.rules.inspectCommand(broken.target)).toBe(
      'kubectl get pods --all-namespaces -l app.kubernetes.io/instance=staging',
    );
    expect(configuredPlatform('staging', { 'datahub:platform': 'k8s' }, new Set()).rules.name).toBe('docker');
  });
});

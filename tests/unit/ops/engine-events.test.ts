import type { EngineEvent } from '@pulumi/pulumi/automation';
import { ProgressCounter, errorMessages, stepOf, violationOf } from '../../../ops/engine-events';

const base = { sequence: 1, timestamp: 0 };
const urn = (type: string, name: string) => `urn:pulumi:dev::datahub::${type}::${name}`;

function pre(op: string, type: string, name: string, diffs?: string[]): EngineEvent {
  return {
    ...base,
    resourcePreEvent: {
      metadata: { op, urn: urn(type, name), type, provider: '', ...(diffs ? { diffs } : {}) },
    },
  } as unknown as EngineEvent;
}

function outputs(type: string, name: string): EngineEvent {
  return {
    ...base,
    resOutputsEvent: { metadata: { op: 'create', urn: urn(type, name), type, provider: '' } },
  } as unknown as EngineEvent;
}

describe('engine events', () => {
  it('become plan steps with their diffs; the stack and providers are left out', () => {
    expect(stepOf(pre('replace', 'docker:index/container:Container', 'minio', ['volumes']))).toEqual({
      op: 'replace',
      urn: urn('docker:index/container:Container', 'minio'),
      type: 'docker:index/container:Container',
      diffs: ['volumes'],
    });
    expect(stepOf(pre('create', 'pulumi:pulumi:Stack', 'datahub-dev'))).toBeUndefined();
    expect(stepOf(pre('create', 'pulumi:providers:docker', 'docker'))).toBeUndefined();
    expect(stepOf({ ...base, stdoutEvent: { message: 'hi', color: 'never' } } as EngineEvent)).toBeUndefined();
  });

  it('fold the ops the gate does not model onto ones it gates the same way', () => {
    const op = (o: string) => stepOf(pre(o, 'docker:index/volume:Volume', 'data'))?.op;
    expect(op('discard')).toBe('delete');
    expect(op('import-replacement')).toBe('replace');
    expect(op('read-replacement')).toBe('read');
    expect(() => op('teleport')).toThrow('engine step op "teleport"');
  });

  it('become policy violations, warning being advisory', () => {
    const event = (level: 'mandatory' | 'warning'): EngineEvent => ({
      ...base,
      policyEvent: {
        resourceUrn: urn('docker:index/container:Container', 'app'),
        message: 'no memory limit\n',
        color: 'never',
        policyName: 'memory-limit',
        policyPackName: 'datahub',
        policyPackVersion: '0.1.0',
        policyPackVersionTag: '0.1.0',
        enforcementLevel: level,
      },
    });
    expect(violationOf(event('mandatory'))).toEqual({
      policy: 'memory-limit',
      level: 'mandatory',
      message: 'no memory limit',
      urn: urn('docker:index/container:Container', 'app'),
    });
    expect(violationOf(event('warning'))?.level).toBe('advisory');
  });

  it('count progress once per finished resource, growing the total when the update does more than expected', () => {
    const seen: string[] = [];
    const counter = new ProgressCounter(2, (done, total, u) => seen.push(`${done}/${total} ${u.split('::').pop()}`));
    for (const e of [
      outputs('pulumi:providers:docker', 'docker'),
      outputs('docker:index/network:Network', 'net'),
      outputs('docker:index/network:Network', 'net'),
      outputs('docker:index/volume:Volume', 'data'),
      outputs('docker:index/container:Container', 'app'),
    ])
      counter.onEvent(e);
    expect(seen).toEqual(['1/2 net', '2/2 data', '3/3 app']);
  });

  it('give every error diagnostic whole, once each, without colour codes', () => {
    const diag = (severity: 'error' | 'info', message: string): EngineEvent => ({
      ...base,
      diagnosticEvent: { message, color: 'never', severity },
    });
    const configError =
      'stack "dev" has invalid configuration (Pulumi.dev.yaml):\n  datahub:prots: unknown key (did you mean datahub:ports?)\n  datahub:ports.app: must be a whole number';
    expect(
      errorMessages([
        diag('info', 'x'),
        diag('error', `\u001b[31m${configError}\u001b[0m\n`),
        diag('error', configError),
        diag('error', 'update failed'),
      ]),
    ).toEqual([configError, 'update failed']);
    expect(errorMessages([diag('info', 'x')])).toEqual([]);
  });
});

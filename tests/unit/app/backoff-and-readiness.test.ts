import { backoffDelay } from '../../../app/src/bucket-bootstrap';
import { Readiness } from '../../../app/src/readiness';

describe('backoffDelay', () => {
  const options = { initialMs: 250, maxMs: 10_000 };
  it('doubles the ceiling each attempt and stays between half and all of it', () => {
    expect(backoffDelay(1, options, () => 0)).toBe(125);
    expect(backoffDelay(1, options, () => 1)).toBe(250);
    expect(backoffDelay(3, options, () => 1)).toBe(1000);
  });
  it('never exceeds the maximum', () => {
    expect(backoffDelay(30, options, () => 1)).toBe(10_000);
    expect(backoffDelay(30, options, () => 0)).toBe(5_000);
  });
});

describe('Readiness', () => {
  function counting(answers: (string | undefined)[]) {
    let calls = 0;
    return {
      store: { check: async () => answers[Math.min(calls++, answers.length - 1)] },
      calls: () => calls,
    };
  }

  it('caches a result for cacheMs and checks again afterwards', async () => {
    let now = 0;
    const probe = counting([undefined, 'bucket "x" does not exist']);
    const readiness = new Readiness(probe.store, 1000, () => now);
    expect(await readiness.state()).toEqual({ ready: true });
    now = 999;
    expect(await readiness.state()).toEqual({ ready: true });
    expect(probe.calls()).toBe(1);
    now = 1000;
    expect(await readiness.state()).toEqual({ ready: false, reason: 'bucket "x" does not exist' });
    expect(probe.calls()).toBe(2);
  });

  it('shares one check between concurrent probes', async () => {
    const probe = counting([undefined]);
    const readiness = new Readiness(probe.store, 0);
    await Promise.all([readiness.state(), readiness.state(), readiness.state()]);
    expect(probe.calls()).toBe(1);
  });

  it('reports not ready once shutdown begins, without checking storage', async () => {
    const probe = counting([undefined]);
    const readiness = new Readiness(probe.store, 0);
    readiness.beginShutdown();
    expect(await readiness.state()).toEqual({ ready: false, reason: 'shutting down' });
    expect(probe.calls()).toBe(0);
  });
});

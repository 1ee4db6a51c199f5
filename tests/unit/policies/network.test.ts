import { portsBoundToAllowedAddresses } from '../../../policies/docker/network';
import {
  assertHasResourceViolation,
  assertNoResourceViolations,
  assertNotApplicable,
  runResourcePolicy,
} from '../../support/policy-args';
import { UNKNOWN_VALUE, container, hardenedContainer } from './fixtures/props';

const port = (ip?: string, internal = 8080, external = 8080) => ({
  internal,
  external,
  protocol: 'tcp',
  ...(ip === undefined ? {} : { ip }),
});

describe('ports-bound-to-allowed-addresses', () => {
  it('accepts ports on 127.0.0.1 (the default allowlist) and containers without ports', async () => {
    await assertNoResourceViolations(
      portsBoundToAllowedAddresses,
      container(hardenedContainer({ ports: [port('127.0.0.1')] })),
    );
    await assertNoResourceViolations(portsBoundToAllowedAddresses, container(hardenedContainer({ ports: undefined })));
  });

  it('flags a port without ip: the provider binds it on 0.0.0.0', async () => {
    await assertHasResourceViolation(
      portsBoundToAllowedAddresses,
      container(hardenedContainer({ ports: [port(undefined, 9000, 9000)] })),
      /publishes container port 9000 on 0\.0\.0\.0:9000 \(no `ip` means every address\)\. Ports must be published only on allowed addresses: .*Fix: set the port's `ip` to one of 127\.0\.0\.1/,
    );
  });

  it('flags each port on an address that is not allowed', async () => {
    const args = container(
      hardenedContainer({ ports: [port('127.0.0.1'), port('0.0.0.0', 3000, 3000), port('10.0.0.5', 9090, 9090)] }),
    );
    const { violations } = await runResourcePolicy(portsBoundToAllowedAddresses, args);
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringContaining('publishes container port 3000 on 0.0.0.0:3000.'),
      expect.stringContaining('publishes container port 9090 on 10.0.0.5:9090.'),
    ]);
  });

  it('takes the allowlist from config', async () => {
    const config = { allowedBindAddresses: ['127.0.0.1', '10.0.0.5'] };
    await assertNoResourceViolations(
      portsBoundToAllowedAddresses,
      container(hardenedContainer({ ports: [port('10.0.0.5')] }), config),
    );
    await assertHasResourceViolation(
      portsBoundToAllowedAddresses,
      container(hardenedContainer({ ports: [port('0.0.0.0')] }), config),
      'to one of 127.0.0.1, 10.0.0.5',
    );
  });

  it('flags host networking', async () => {
    await assertHasResourceViolation(
      portsBoundToAllowedAddresses,
      container(hardenedContainer({ networkMode: 'host', ports: [] })),
      /uses host networking.*Fix: remove `networkMode: "host"`/,
    );
  });

  it('does not apply when the config allows a public bind', async () => {
    await assertNotApplicable(
      portsBoundToAllowedAddresses,
      container(hardenedContainer({ ports: [port('0.0.0.0')] }), { allowPublicBind: true }),
      'allowPublicBind',
    );
  });

  it('treats an unknown ip or port list as unknown', async () => {
    await assertNoResourceViolations(
      portsBoundToAllowedAddresses,
      container(hardenedContainer({ ports: [port(UNKNOWN_VALUE)] })),
    );
    await assertNoResourceViolations(
      portsBoundToAllowedAddresses,
      container(hardenedContainer({ ports: UNKNOWN_VALUE })),
    );
    await assertNoResourceViolations(
      portsBoundToAllowedAddresses,
      container(hardenedContainer({ ports: [UNKNOWN_VALUE] })),
    );
  });
});

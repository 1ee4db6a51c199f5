/** Verification as the commands run it: after a deploy's `up`, and alone as `npm run verify`. */
import type { VerifyOutcome } from './deploy-flow';
import { EXIT, type ExitCode } from './exit-codes';
import { endpointsFromOutputs, type EndpointOverrides } from './verify/endpoints';
import { failedChecks, verdict, type VerifyReport } from './verify/report';
import { verifyStack } from './verify/verify-stack';

export interface VerifySettings {
  readonly stack: string;
  readonly timeoutMs: number;
  /** DATAHUB_VERIFY_URLS: endpoints this machine reaches another way than the outputs say. */
  readonly overrides: EndpointOverrides;
  readonly log: (line: string) => void;
}

export type OutputsVerifier = (outputs: Record<string, unknown>) => Promise<VerifyOutcome & { report: VerifyReport }>;

/** Checks the endpoints of these outputs (the overrides over them), saying each check as it ends. */
export function outputsVerifier(settings: VerifySettings): OutputsVerifier {
  const { stack, overrides, log } = settings;
  return async (outputs) => {
    log(`verifying ${stack}`);
    for (const [key, url] of Object.entries(overrides)) log(`  ${key}: ${url} (from DATAHUB_VERIFY_URLS)`);
    const report = await verifyStack(endpointsFromOutputs({ ...outputs, ...overrides }), {
      timeoutMs: settings.timeoutMs,
      onProgress: (c) => log(`  ${c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}`),
    });
    return {
      ok: report.ok,
      failures: report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`),
      report,
    };
  };
}

export interface VerifyDeployedDeps {
  /** The outputs in the stack's state; none when it was never deployed. */
  readonly outputs: () => Promise<Record<string, unknown>>;
  readonly verify: OutputsVerifier;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** `npm run verify`: the deployed stack's checks; failed when it is not deployed or not healthy. */
export async function verifyDeployed(stack: string, deps: VerifyDeployedDeps): Promise<ExitCode> {
  const outputs = await deps.outputs();
  if (Object.keys(outputs).length === 0) {
    deps.err(`verify: ${stack} has no outputs: it is not deployed (npm run deploy -- --stack ${stack})`);
    return EXIT.failed;
  }
  const { report } = await deps.verify(outputs);
  deps.out(verdict(report));
  if (!report.ok) deps.err(`verify: ${stack} is unhealthy: ${failedChecks(report).join(', ')}`);
  return report.ok ? EXIT.ok : EXIT.failed;
}

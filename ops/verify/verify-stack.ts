/**
 * Live-stack verification (docs/architecture.md, data flow step 4): after `up`, the deploy flow checks
 * the endpoints from the stack's outputs and rolls back when this report is not ok.
 * `npm run verify -- --stack <name>` runs it alone. Every check retries until it passes or the
 * overall timeout runs out; network errors become failed checks, never exceptions.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { checkSpecs, type CheckSpec } from './checks';
import type { StackEndpoints } from './endpoints';
import { errorCode, httpClient, type Attempt } from './http';
import type { CheckResult, VerifyReport } from './report';

export interface VerifyOptions {
  /** Overall budget for every check, retries included (default 120 s). */
  timeoutMs?: number;
  /** Pause between the attempts of one check (default 2 s). */
  intervalMs?: number;
  fetchImpl?: typeof fetch;
  /** Called once per check, with its final result. */
  onProgress?: (check: CheckResult) => void;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_INTERVAL_MS = 2_000;
/** One request never waits longer than this, so a hung endpoint still leaves time for retries. */
const MAX_REQUEST_MS = 10_000;
const MIN_REQUEST_MS = 1_000;

/** Retries one check until it passes or the deadline passes; at least one attempt is always made. */
async function runCheck(
  spec: CheckSpec,
  deadline: number,
  intervalMs: number,
  fetchImpl: typeof fetch,
): Promise<CheckResult> {
  const started = Date.now();
  const requestTimeout = () => Math.min(MAX_REQUEST_MS, Math.max(MIN_REQUEST_MS, deadline - Date.now()));
  const http = httpClient(fetchImpl, requestTimeout);
  let attempts = 0;
  for (;;) {
    attempts++;
    let outcome: Attempt;
    try {
      outcome = await spec.attempt(http);
    } catch (err) {
      outcome = { ok: false, detail: `check failed unexpectedly: ${errorCode(err)}` };
    }
    const remaining = deadline - Date.now();
    if (outcome.ok || remaining <= 0) {
      const suffix = outcome.ok ? '' : ` (after ${attempts} attempt${attempts === 1 ? '' : 's'})`;
      return { name: spec.name, ok: outcome.ok, detail: `${outcome.detail}${suffix}`, ms: Date.now() - started };
    }
    await sleep(Math.min(intervalMs, remaining));
  }
}

/** Verifies a live stack from its endpoints; the checks run concurrently and share one deadline. */
export async function verifyStack(endpoints: StackEndpoints, options: VerifyOptions = {}): Promise<VerifyReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const fetchImpl = options.fetchImpl ?? fetch;
  const deadline = Date.now() + timeoutMs;
  const checks = await Promise.all(
    checkSpecs(endpoints).map(async (spec) => {
      const result = await runCheck(spec, deadline, intervalMs, fetchImpl);
      try {
        options.onProgress?.(result);
      } catch {
        // A broken progress reporter must not fail verification.
      }
      return result;
    }),
  );
  return { ok: checks.every((c) => c.ok), checks };
}

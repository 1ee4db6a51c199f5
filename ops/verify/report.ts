/** The verification report: one result per check, and the lines the CLI and the deploy log print. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  ms: number;
}

export interface VerifyReport {
  ok: boolean;
  checks: CheckResult[];
}

/** One line per check, for the CLI and the deploy log. */
export function formatReport(report: VerifyReport): string {
  const lines = report.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'} ${c.name} (${c.ms} ms): ${c.detail}`);
  lines.push(verdict(report));
  return lines.join('\n');
}

/** The report's last line: passed, or which checks failed. */
export function verdict(report: VerifyReport): string {
  return report.ok ? 'verification passed' : `verification FAILED: ${failedChecks(report).join(', ')}`;
}

export function failedChecks(report: VerifyReport): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.name);
}

/**
 * `npm run bench`, program step: how long the real Pulumi program takes to evaluate under
 * Pulumi's mocks for a stack, each run in a fresh process (module loading included, as in
 * `pulumi preview`), against a one-resource baseline program measured the same way in the
 * same run. Target: the dev stack well under 3 s. Writes artifacts/bench/program-eval.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROGRAM, REPO } from '../support/pulumi-program';
import { median, round } from './stats';

const RUNS = Number(process.env.BENCH_PROGRAM_RUNS ?? 3);
const TARGET_MS = 3000;
const child = path.join(__dirname, 'program-eval-child.js');
const baseline = path.join(REPO, 'tests', 'bench', 'fixtures', 'baseline-program.ts');

function measure(stack: string, program: string): { ms: number; resources: number } {
  const out = execFileSync(process.execPath, [child, stack, program], { cwd: REPO, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { ms: number; resources: number };
}

function main(): void {
  if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 20)
    throw new Error('BENCH_PROGRAM_RUNS must be a whole number from 1 to 20');
  const rows: {
    stack: string;
    medianMs: number;
    baselineMs: number;
    ratio: number;
    resources: number;
    pass: boolean;
  }[] = [];
  for (const stack of ['dev', 'prod']) {
    const program: number[] = [];
    const base: number[] = [];
    let resources = 0;
    for (let i = 1; i <= RUNS; i++) {
      console.log(`[program ${stack} ${i}/${RUNS}] evaluating infra/ and the baseline under mocks in fresh processes`);
      base.push(measure(stack, baseline).ms);
      const m = measure(stack, PROGRAM);
      program.push(m.ms);
      resources = m.resources;
    }
    const medianMs = median(program);
    const baselineMs = median(base);
    rows.push({ stack, medianMs, baselineMs, ratio: medianMs / baselineMs, resources, pass: medianMs < TARGET_MS });
  }
  console.log('----------------------------------------------------------------------------------------');
  console.log('program evaluation under mocks   baseline (1 resource)   datahub   ratio   target   result');
  console.log('----------------------------------------------------------------------------------------');
  for (const r of rows) {
    console.log(
      `${`${r.stack} stack (${r.resources} resources)`.padEnd(32)} ${`${round(r.baselineMs, 0)} ms`.padStart(21)} ${`${round(r.medianMs, 0)} ms`.padStart(9)} ${r.ratio.toFixed(2).padStart(7)} ${`< ${TARGET_MS} ms`.padStart(8)} ${(r.pass ? 'PASS' : 'MISS').padStart(8)}`,
    );
  }
  console.log('----------------------------------------------------------------------------------------');
  const outDir = path.join(REPO, 'artifacts', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    path.join(outDir, 'program-eval.json'),
    `${JSON.stringify({ runs: RUNS, targetMs: TARGET_MS, rows }, null, 2)}\n`,
  );
  console.log('bench: wrote artifacts/bench/program-eval.json');
}

main();

/**
 * `npm run bench`: the app against the official `minio` client on the same MinIO server, in one run.
 *
 *   64 MiB PUT and GET        MB/s, app / direct, target >= 0.85
 *   1 KiB GET, closed loop    req/s (target >= 0.6) with p50/p99
 *   1 GiB streamed upload     the app's peak RSS growth, target < 100 MiB (chunked and Content-Length)
 *
 * The app runs as its own process (`node app/dist/main.js`) so its memory and CPU are measured
 * apart from the load generator. Prints a table and writes artifacts/bench/{bench-<time>,latest}.json.
 * Knobs (environment): BENCH_ROUNDS, BENCH_WARMUP_ROUNDS, BENCH_CONCURRENCY, BENCH_SMALL_SECONDS,
 * BENCH_UPLOAD_MIB, BENCH_STRICT=1 (exit 3 on a missed target); passed to the app: MINIO_PART_SIZE_MB, and
 * BENCH_APP_NODE_OPTIONS as its NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as MinioModule from '../../app/node_modules/minio';
import { MinioServer } from '../support/minio-server';
import { AppProcess } from './app-process';
import { AppClient, drain } from './http-client';
import { closedLoop, type LoadResult } from './load';
import { RssSampler, cpuSeconds, readMemory, resetPeak } from './proc';
import { MiB, mbPerSecond, median, round } from './stats';

const TARGETS = { bigThroughputRatio: 0.85, smallRequestRatio: 0.6, uploadRssGrowthMiB: 100 } as const;
const BUCKET = 'datahub-bench';

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

const settings = {
  bigObjectBytes: 64 * MiB,
  warmupRounds: intEnv('BENCH_WARMUP_ROUNDS', 2, 0, 20),
  rounds: intEnv('BENCH_ROUNDS', 5, 1, 50),
  smallObjectBytes: 1024,
  concurrency: intEnv('BENCH_CONCURRENCY', 16, 1, 256),
  smallWarmupSeconds: 1,
  smallSeconds: intEnv('BENCH_SMALL_SECONDS', 5, 1, 120),
  smallMaxRequests: 2_000_000,
  uploadBytes: intEnv('BENCH_UPLOAD_MIB', 1024, 16, 8192) * MiB,
  uploadChunkBytes: 64 * 1024,
  rssSampleMs: 50,
  appPartSizeMB: process.env.MINIO_PART_SIZE_MB ? Number(process.env.MINIO_PART_SIZE_MB) : null,
  appNodeOptions: process.env.BENCH_APP_NODE_OPTIONS || null,
  appLogLevel: 'warn',
  appNodeEnv: 'production',
  directClient: 'minio (app/node_modules), default partSize 64 MiB, keep-alive agent (maxSockets 256)',
  appClient: 'node:http, keep-alive agent',
  throughputUnit: 'MB/s = 10^6 bytes per second; figure = median of the measured rounds',
  ratios: 'throughput and req/s: app / direct; latency: direct / app (so higher is better everywhere)',
};

function findRoot(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 8; depth++) {
    if (existsSync(path.join(dir, 'app', 'package.json')) && existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the repository root (a folder with app/package.json) above ${__dirname}`);
}

const root = findRoot();
// The root package has no minio dependency; the app's own copy is the client the app uses.
const minio = createRequire(path.join(root, 'app', 'package.json'))('minio') as typeof MinioModule;

const TOTAL_STEPS = 5;
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
const step = (n: number, text: string) => console.log(`[${n}/${TOTAL_STEPS}] ${text}  (t=${elapsed()})`);
const detail = (text: string) => console.log(`      ${text}`);

/** A pattern of `total` bytes in `chunk`-sized Buffers, produced lazily from one random 1 MiB block. */
async function* generated(total: number, chunk: number): AsyncGenerator<Buffer> {
  const block = randomBytes(MiB);
  for (let sent = 0; sent < total;) {
    const offset = sent % MiB;
    const size = Math.min(chunk, total - sent, MiB - offset);
    yield block.subarray(offset, offset + size);
    sent += size;
  }
}

interface Rounds {
  readonly seconds: number[];
  readonly mbps: number[];
  readonly medianMBps: number;
}

interface AppRounds extends Rounds {
  readonly appCpuSeconds: number[];
}

/** Runs direct and app operations in alternating order per round; warm-up rounds are not kept. */
async function alternating(
  bytes: number,
  direct: () => Promise<void>,
  app: () => Promise<void>,
  appPid: number,
): Promise<{ direct: Rounds; app: AppRounds }> {
  const d: number[] = [];
  const a: number[] = [];
  const cpu: number[] = [];
  const total = settings.warmupRounds + settings.rounds;
  for (let i = 0; i < total; i++) {
    const warm = i < settings.warmupRounds;
    const times: Record<'direct' | 'app', number> = { direct: 0, app: 0 };
    let appCpu = 0;
    for (const side of i % 2 === 0 ? (['direct', 'app'] as const) : (['app', 'direct'] as const)) {
      const cpu0 = side === 'app' ? cpuSeconds(appPid) : 0;
      const t = performance.now();
      await (side === 'direct' ? direct() : app());
      times[side] = (performance.now() - t) / 1000;
      if (side === 'app') appCpu = cpuSeconds(appPid) - cpu0;
    }
    const label = warm
      ? `warm-up ${i + 1}/${settings.warmupRounds}`
      : `round ${i - settings.warmupRounds + 1}/${settings.rounds}`;
    detail(
      `${label.padEnd(12)} direct ${mbPerSecond(bytes, times.direct).toFixed(1).padStart(7)} MB/s   app ${mbPerSecond(bytes, times.app).toFixed(1).padStart(7)} MB/s`,
    );
    if (warm) continue;
    d.push(times.direct);
    a.push(times.app);
    cpu.push(appCpu);
  }
  const rounds = (seconds: number[]): Rounds => {
    const mbps = seconds.map((s) => mbPerSecond(bytes, s));
    return { seconds: seconds.map((s) => round(s, 4)), mbps: mbps.map((v) => round(v)), medianMBps: median(mbps) };
  };
  return { direct: rounds(d), app: { ...rounds(a), appCpuSeconds: cpu.map((c) => round(c, 3)) } };
}

interface SmallLoad extends LoadResult {
  readonly appCpuSeconds?: number;
  readonly benchCpuSeconds: number;
}

async function smallLoad(name: string, op: () => Promise<void>, appPid?: number): Promise<SmallLoad> {
  const shape = { concurrency: settings.concurrency, maxRequests: settings.smallMaxRequests };
  await closedLoop(op, { ...shape, seconds: settings.smallWarmupSeconds });
  const appCpu0 = appPid === undefined ? 0 : cpuSeconds(appPid);
  const benchCpu0 = process.cpuUsage();
  const result = await closedLoop(op, { ...shape, seconds: settings.smallSeconds });
  const benchCpu = process.cpuUsage(benchCpu0);
  const out: SmallLoad = {
    ...result,
    benchCpuSeconds: (benchCpu.user + benchCpu.system) / 1e6,
    ...(appPid === undefined ? {} : { appCpuSeconds: cpuSeconds(appPid) - appCpu0 }),
  };
  detail(
    `${name.padEnd(22)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms  (${result.requests} requests in ${result.seconds.toFixed(1)} s)`,
  );
  return out;
}

type UploadMode = 'chunked' | 'content-length';

interface UploadMemory {
  readonly mode: UploadMode;
  readonly bytes: number;
  readonly seconds: number;
  readonly mbps: number;
  readonly baselineRssBytes: number;
  readonly peakRssSampledBytes: number;
  readonly peakRssHwmBytes: number | null;
  readonly peakRssBytes: number;
  readonly growthBytes: number;
  readonly growthMiB: number;
  readonly afterRssBytes: number;
  readonly samples: number;
  readonly appCpuSeconds: number;
}

/** Streams `uploadBytes` through a fresh app process and records its RSS growth over a warmed-up baseline. */
async function uploadMemory(
  appEnv: Record<string, string>,
  direct: MinioModule.Client,
  mode: UploadMode,
  track: (app: AppProcess | undefined) => void,
): Promise<UploadMemory> {
  const app = await AppProcess.start(root, appEnv);
  track(app);
  const client = new AppClient(app.url, 4);
  try {
    // Warm-up with small requests only, so the baseline holds no large buffers from earlier work.
    const small = randomBytes(settings.smallObjectBytes);
    for (let i = 0; i < 40; i++) {
      await client.put(`bench/mem-warm-${i % 4}`, small);
      await client.get(`bench/mem-warm-${i % 4}`);
    }
    await sleep(1000);
    const baseline = readMemory(app.pid);
    const hwmReset = resetPeak(app.pid);
    const cpu0 = cpuSeconds(app.pid);
    const sampler = new RssSampler(app.pid, settings.rssSampleMs);
    const key = `bench/upload-${mode}`;
    sampler.start();
    const t = performance.now();
    let result: { size: number };
    try {
      const body = Readable.from(generated(settings.uploadBytes, settings.uploadChunkBytes));
      result = await client.put(key, body, mode === 'content-length' ? settings.uploadBytes : undefined);
    } finally {
      sampler.stop();
    }
    const seconds = (performance.now() - t) / 1000;
    const after = readMemory(app.pid);
    const appCpuSeconds = cpuSeconds(app.pid) - cpu0;
    if (result.size !== settings.uploadBytes) {
      throw new Error(`the app stored ${result.size} bytes for a ${settings.uploadBytes}-byte ${mode} upload`);
    }
    const stored = await direct.statObject(BUCKET, key);
    if (stored.size !== settings.uploadBytes) throw new Error(`MinIO holds ${stored.size} bytes for ${key}`);
    await direct.removeObject(BUCKET, key);
    const peak = Math.max(sampler.peak, hwmReset ? after.hwm : 0);
    const growth = peak - baseline.rss;
    return {
      mode,
      bytes: settings.uploadBytes,
      seconds: round(seconds, 3),
      mbps: round(mbPerSecond(settings.uploadBytes, seconds)),
      baselineRssBytes: baseline.rss,
      peakRssSampledBytes: sampler.peak,
      peakRssHwmBytes: hwmReset ? after.hwm : null,
      peakRssBytes: peak,
      growthBytes: growth,
      growthMiB: round(growth / MiB),
      afterRssBytes: after.rss,
      samples: sampler.samples,
      appCpuSeconds: round(appCpuSeconds, 3),
    };
  } finally {
    client.close();
    await app.stop();
    track(undefined);
  }
}

interface Row {
  readonly measure: string;
  readonly direct: string;
  readonly app: string;
  readonly ratio: string;
  readonly target: string;
  readonly result: string;
}

function printTable(rows: readonly Row[]): void {
  const header: Row = {
    measure: 'measure',
    direct: 'direct minio',
    app: 'app',
    ratio: 'ratio',
    target: 'target',
    result: 'result',
  };
  const cols = Object.keys(header) as (keyof Row)[];
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[header, ...rows].map((r) => r[c].length))]));
  const line = (r: Row) => cols.map((c, i) => (i === 0 ? r[c].padEnd(width[c]!) : r[c].padStart(width[c]!))).join('  ');
  const rule = '-'.repeat(line(header).length);
  console.log(rule);
  console.log(line(header));
  console.log(rule);
  for (const r of rows) console.log(line(r));
  console.log(rule);
}

const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const fixed = (v: number, digits: number) => v.toFixed(digits);

async function run(): Promise<number> {
  let server: MinioServer | undefined;
  let mainApp: AppProcess | undefined;
  let memApp: AppProcess | undefined;
  let cleaning: Promise<void> | undefined;
  // One cleanup, shared by the signal handler and the finally block, so neither exits before it is done.
  const cleanup = () =>
    (cleaning ??= (async () => {
      await mainApp?.stop().catch(() => undefined);
      await memApp?.stop().catch(() => undefined);
      await server?.destroy().catch(() => undefined);
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`bench: ${signal}, stopping the app and MinIO`);
    void cleanup().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    console.log('bench: starting MinIO (a real server on 127.0.0.1 with a temporary data folder)');
    server = await MinioServer.launch();
    const minioVersion = execFileSync(server.binary, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
    const direct = new minio.Client({
      endPoint: '127.0.0.1',
      port: server.port,
      useSSL: false,
      accessKey: server.accessKey,
      secretKey: server.secretKey,
      region: 'us-east-1',
      pathStyle: true,
      transportAgent: new http.Agent({ keepAlive: true, maxSockets: 256 }),
    });
    await direct.makeBucket(BUCKET, 'us-east-1');

    const appEnv: Record<string, string> = {
      ...server.appEnv(BUCKET),
      LOG_LEVEL: settings.appLogLevel,
      NODE_ENV: settings.appNodeEnv,
      ...(process.env.MINIO_PART_SIZE_MB ? { MINIO_PART_SIZE_MB: process.env.MINIO_PART_SIZE_MB } : {}),
      ...(settings.appNodeOptions ? { NODE_OPTIONS: settings.appNodeOptions } : {}),
    };
    console.log(`bench: starting the app (node app/dist/main.js) on MinIO 127.0.0.1:${server.port}`);
    mainApp = await AppProcess.start(root, appEnv);
    const app = mainApp;
    const appClient = new AppClient(app.url, Math.max(16, settings.concurrency));
    const cpus = os.cpus();
    const loadAtStart = os.loadavg();
    console.log(
      `bench: ${cpus.length} CPU(s) ${cpus[0]?.model ?? ''}, Node ${process.version}, ${minioVersion}, app part size ${settings.appPartSizeMB ?? '16 (default)'} MiB`,
    );
    if (loadAtStart[0]! > cpus.length / 2) {
      console.log(
        `bench: note: load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} on ${cpus.length} CPU(s) before the run; other work on this machine skews the figures`,
      );
    }

    // 1. 64 MiB PUT
    step(
      1,
      `64 MiB PUT: ${settings.warmupRounds} warm-up + ${settings.rounds} measured rounds, direct putObject vs app PUT (Content-Length)`,
    );
    const big = randomBytes(settings.bigObjectBytes);
    const put = await alternating(
      big.length,
      async () => {
        await direct.putObject(BUCKET, 'bench/put-direct-64m', big, big.length, {
          'Content-Type': 'application/octet-stream',
        });
      },
      async () => {
        const r = await appClient.put('bench/put-app-64m', big);
        if (r.size !== big.length) throw new Error(`the app stored ${r.size} of ${big.length} bytes`);
      },
      app.pid,
    );

    // 2. 64 MiB GET
    step(2, `64 MiB GET: ${settings.warmupRounds} warm-up + ${settings.rounds} measured rounds of the same object`);
    await direct.putObject(BUCKET, 'bench/get-64m', big, big.length, { 'Content-Type': 'application/octet-stream' });
    const expectBytes = (n: number, who: string) => {
      if (n !== big.length) throw new Error(`${who} returned ${n} of ${big.length} bytes`);
    };
    const get = await alternating(
      big.length,
      async () => expectBytes(await drain(await direct.getObject(BUCKET, 'bench/get-64m')), 'direct getObject'),
      async () => expectBytes(await appClient.get('bench/get-64m'), 'the app'),
      app.pid,
    );

    // 3. 1 KiB GETs
    step(
      3,
      `1 KiB GET: concurrency ${settings.concurrency}, ${settings.smallWarmupSeconds} s warm-up + ${settings.smallSeconds} s measured each`,
    );
    const smallKey = 'bench/small-1k';
    await direct.putObject(BUCKET, smallKey, randomBytes(settings.smallObjectBytes), settings.smallObjectBytes, {
      'Content-Type': 'application/octet-stream',
    });
    const expectSmall = (n: number, who: string) => {
      if (n !== settings.smallObjectBytes)
        throw new Error(`${who} returned ${n} of ${settings.smallObjectBytes} bytes`);
    };
    const smallDirect = await smallLoad('direct getObject', async () =>
      expectSmall(await drain(await direct.getObject(BUCKET, smallKey)), 'direct getObject'),
    );
    const smallApp = await smallLoad(
      'app GET',
      async () => expectSmall(await appClient.get(smallKey), 'the app'),
      app.pid,
    );
    const smallDirectStatGet = await smallLoad('direct stat+getObject', async () => {
      await direct.statObject(BUCKET, smallKey);
      expectSmall(await drain(await direct.getObject(BUCKET, smallKey)), 'direct getObject');
    });
    appClient.close();
    await app.stop();
    mainApp = undefined;

    // 4-5. 1 GiB streamed uploads, each through a fresh app process
    const uploads: UploadMemory[] = [];
    const uploadLabel = `${settings.uploadBytes / MiB} MiB`;
    for (const [n, mode] of [
      [4, 'chunked'],
      [5, 'content-length'],
    ] as const) {
      step(
        n,
        `${uploadLabel} streamed upload via a fresh app process, ${mode === 'chunked' ? 'Transfer-Encoding: chunked' : 'with Content-Length'}; RSS sampled every ${settings.rssSampleMs} ms + VmHWM`,
      );
      const u = await uploadMemory(appEnv, direct, mode, (a) => (memApp = a));
      uploads.push(u);
      detail(
        `baseline ${fixed(u.baselineRssBytes / MiB, 1)} MiB, peak ${fixed(u.peakRssBytes / MiB, 1)} MiB (sampled ${fixed(u.peakRssSampledBytes / MiB, 1)}, VmHWM ${u.peakRssHwmBytes === null ? 'n/a' : fixed(u.peakRssHwmBytes / MiB, 1)}), growth ${fixed(u.growthMiB, 1)} MiB; ${fixed(u.mbps, 1)} MB/s in ${fixed(u.seconds, 1)} s`,
      );
    }

    // Figures, table, JSON
    const putRatio = put.app.medianMBps / put.direct.medianMBps;
    const getRatio = get.app.medianMBps / get.direct.medianMBps;
    const rpsRatio = smallApp.requestsPerSecond / smallDirect.requestsPerSecond;
    const p50Ratio = smallDirect.p50Ms / smallApp.p50Ms;
    const p99Ratio = smallDirect.p99Ms / smallApp.p99Ms;
    const statGetRatio = smallApp.requestsPerSecond / smallDirectStatGet.requestsPerSecond;
    const results = {
      put64MiB: {
        direct: put.direct,
        app: put.app,
        ratio: round(putRatio, 3),
        target: TARGETS.bigThroughputRatio,
        pass: putRatio >= TARGETS.bigThroughputRatio,
      },
      get64MiB: {
        direct: get.direct,
        app: get.app,
        ratio: round(getRatio, 3),
        target: TARGETS.bigThroughputRatio,
        pass: getRatio >= TARGETS.bigThroughputRatio,
      },
      get1KiB: {
        concurrency: settings.concurrency,
        direct: smallDirect,
        app: smallApp,
        ratio: round(rpsRatio, 3),
        p50Ratio: round(p50Ratio, 3),
        p99Ratio: round(p99Ratio, 3),
        target: TARGETS.smallRequestRatio,
        pass: rpsRatio >= TARGETS.smallRequestRatio,
        directStatGet: smallDirectStatGet,
        ratioVsDirectStatGet: round(statGetRatio, 3),
      },
      uploadMemory: uploads.map((u) => ({
        ...u,
        targetMiB: TARGETS.uploadRssGrowthMiB,
        pass: u.growthMiB < TARGETS.uploadRssGrowthMiB,
      })),
    };

    const rows: Row[] = [
      {
        measure: '64 MiB PUT (MB/s)',
        direct: fixed(put.direct.medianMBps, 1),
        app: fixed(put.app.medianMBps, 1),
        ratio: fixed(putRatio, 2),
        target: `>= ${TARGETS.bigThroughputRatio}`,
        result: verdict(results.put64MiB.pass),
      },
      {
        measure: '64 MiB GET (MB/s)',
        direct: fixed(get.direct.medianMBps, 1),
        app: fixed(get.app.medianMBps, 1),
        ratio: fixed(getRatio, 2),
        target: `>= ${TARGETS.bigThroughputRatio}`,
        result: verdict(results.get64MiB.pass),
      },
      {
        measure: `1 KiB GET c=${settings.concurrency} (req/s)`,
        direct: fixed(smallDirect.requestsPerSecond, 0),
        app: fixed(smallApp.requestsPerSecond, 0),
        ratio: fixed(rpsRatio, 2),
        target: `>= ${TARGETS.smallRequestRatio}`,
        result: verdict(results.get1KiB.pass),
      },
      {
        measure: '1 KiB GET p50 (ms)',
        direct: fixed(smallDirect.p50Ms, 2),
        app: fixed(smallApp.p50Ms, 2),
        ratio: fixed(p50Ratio, 2),
        target: 'info',
        result: '',
      },
      {
        measure: '1 KiB GET p99 (ms)',
        direct: fixed(smallDirect.p99Ms, 2),
        app: fixed(smallApp.p99Ms, 2),
        ratio: fixed(p99Ratio, 2),
        target: 'info',
        result: '',
      },
      {
        measure: '1 KiB GET vs direct stat+get (req/s)',
        direct: fixed(smallDirectStatGet.requestsPerSecond, 0),
        app: fixed(smallApp.requestsPerSecond, 0),
        ratio: fixed(statGetRatio, 2),
        target: 'info',
        result: '',
      },
      ...results.uploadMemory.map((u) => ({
        measure: `${uploadLabel} upload RSS growth, ${u.mode} (MiB)`,
        direct: '-',
        app: fixed(u.growthMiB, 1),
        ratio: '-',
        target: `< ${TARGETS.uploadRssGrowthMiB}`,
        result: verdict(u.pass),
      })),
    ];
    console.log('');
    printTable(rows);
    console.log('ratios: MB/s and req/s are app / direct; latencies are direct / app (higher is better everywhere).');
    for (const u of uploads) {
      console.log(
        `${uploadLabel} ${u.mode} upload through the app: ${fixed(u.mbps, 1)} MB/s, app CPU ${fixed(u.appCpuSeconds, 1)} s; ${u.samples} RSS samples.`,
      );
    }

    const finished = new Date();
    const report = {
      kind: 'datahub-bench',
      version: 1,
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      finishedAt: finished.toISOString(),
      durationSeconds: round((performance.now() - started) / 1000, 1),
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? null,
        totalMemoryBytes: os.totalmem(),
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: os.loadavg(),
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        node: process.version,
        minio: minioVersion,
        minioDataDir: os.tmpdir(),
      },
      settings: { ...settings, targets: TARGETS },
      results,
      table: rows,
    };
    const outDir = path.join(root, 'artifacts', 'bench');
    mkdirSync(outDir, { recursive: true });
    const stamped = path.join(outDir, `bench-${finished.toISOString().replace(/[:.]/g, '-')}.json`);
    const json = `${JSON.stringify(report, null, 2)}\n`;
    writeFileSync(stamped, json);
    writeFileSync(path.join(outDir, 'latest.json'), json);
    console.log(`bench: wrote ${path.relative(root, stamped)} and artifacts/bench/latest.json; total ${elapsed()}`);

    const missed = rows.filter((r) => r.result === 'MISS').length;
    if (missed > 0) console.log(`bench: ${missed} target(s) missed`);
    return missed > 0 && process.env.BENCH_STRICT === '1' ? 3 : 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanup();
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench: failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

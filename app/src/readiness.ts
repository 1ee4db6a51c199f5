import type { ObjectStore } from './storage/object-store';

export interface ReadinessState {
  readonly ready: boolean;
  readonly reason?: string;
}

/**
 * Readiness: storage reachable and bucket present, checked at most once per `cacheMs`
 * (concurrent probes share one check), and forced to not-ready once shutdown begins.
 */
export class Readiness {
  private shuttingDown = false;
  private cached: { at: number; state: ReadinessState } | undefined;
  private pending: Promise<ReadinessState> | undefined;

  constructor(
    private readonly store: Pick<ObjectStore, 'check'>,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  beginShutdown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async state(): Promise<ReadinessState> {
    if (this.shuttingDown) return { ready: false, reason: 'shutting down' };
    if (this.cached && this.now() - this.cached.at < this.cacheMs) return this.cached.state;
    this.pending ??= this.store
      .check()
      .then((reason): ReadinessState => (reason === undefined ? { ready: true } : { ready: false, reason }))
      .then((state) => {
        this.cached = { at: this.now(), state };
        return state;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}

/**
 * Builds realistic Argo CD Application objects step by step (deploy, fail, health changes,
 * delete), the way the controller would report them, for constructed notification sequences.
 */

type RawSource = Record<string, unknown>;

/** Options of {@link ArgoAppSimulator}. */
export interface SimulatorOptions {
  uid?: string;
  name?: string;
  namespace?: string;
  destination?: { server?: string; name?: string; namespace?: string };
  /** Spec sources; one source = single-source app. */
  sources: RawSource[];
  /** Start of the simulated clock. */
  start?: Date;
  historyLimit?: number;
  annotations?: Record<string, string>;
}

/** A simulated Application with a clock; each action advances the clock by a minute. */
export class ArgoAppSimulator {
  readonly app: Record<string, any>;
  private clock: number;
  private readonly historyLimit: number;
  private readonly multiSource: boolean;

  constructor(options: SimulatorOptions) {
    this.clock = (options.start ?? new Date('2026-03-01T10:00:00Z')).getTime();
    this.historyLimit = options.historyLimit ?? 10;
    this.multiSource = options.sources.length > 1;
    this.app = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: options.name ?? 'shop',
        namespace: options.namespace ?? 'argocd',
        uid: options.uid ?? '11111111-2222-3333-4444-555555555555',
        creationTimestamp: this.iso(0),
        annotations: { ...(options.annotations ?? {}) },
      },
      spec: {
        project: 'default',
        destination: options.destination ?? { server: 'https://kubernetes.default.svc', namespace: 'shop' },
        ...(this.multiSource ? { sources: options.sources } : { source: options.sources[0] }),
      },
      status: { sync: { status: 'OutOfSync' }, health: { status: 'Missing', lastTransitionTime: this.iso(0) }, history: [] },
    };
  }

  /** The current simulated time. */
  now(): Date {
    return new Date(this.clock);
  }

  private iso(offsetMs: number): string {
    return new Date(this.clock + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Advances the clock a minute; the controller reconciles the app 20 s into it. */
  private tick(): void {
    this.clock += 60_000;
    this.app.status.reconciledAt = this.iso(20_000);
  }

  /** Spec sources with the chart/target revision set to the given revisions. */
  private sourcesAt(revisions: string[], sources?: RawSource[]): RawSource[] {
    const specSources: RawSource[] = sources ?? (this.multiSource ? this.app.spec.sources : [this.app.spec.source]);
    return specSources.map((source, index) => (source.chart ? { ...source, targetRevision: revisions[index] } : { ...source }));
  }

  private revisionFields(revisions: string[], sources: RawSource[]): Record<string, unknown> {
    return this.multiSource
      ? { revision: '', revisions, source: { repoURL: '' }, sources }
      : { revision: revisions[0], source: sources[0] };
  }

  /** A successful, full sync that writes a history entry, then Healthy. */
  deploy(revisions: string | string[], options: { sources?: RawSource[]; healthy?: boolean } = {}): this {
    this.tick();
    const list = Array.isArray(revisions) ? revisions : [revisions];
    const sources = this.sourcesAt(list, options.sources);
    if (options.sources) this.app.spec[this.multiSource ? 'sources' : 'source'] = this.multiSource ? sources : sources[0];
    const startedAt = this.iso(0);
    const finishedAt = this.iso(5_000);
    const history: Record<string, unknown>[] = this.app.status.history;
    const id = history.length > 0 ? Number(history.at(-1)!.id) + 1 : 0;
    const fields = this.revisionFields(list, sources);
    history.push({ id, ...fields, deployStartedAt: startedAt, deployedAt: finishedAt, initiatedBy: { automated: true } });
    this.app.status.history = history.slice(-this.historyLimit);
    this.app.status.operationState = {
      phase: 'Succeeded', message: 'successfully synced (all tasks run)', startedAt, finishedAt,
      operation: { initiatedBy: { automated: true }, sync: this.multiSource ? { revisions: list } : { revision: list[0] } },
      syncResult: { ...fields, resources: [] },
    };
    this.app.status.sync = { status: 'Synced', ...(this.multiSource ? { revisions: list } : { revision: list[0] }) };
    if (options.healthy !== false && this.app.status.health.status !== 'Healthy') this.health('Healthy', undefined, false);
    return this;
  }

  /** A re-sync of the current revision(s) (self-heal): new history entry, same revision(s) and sources. */
  resync(): this {
    const last = this.app.status.history.at(-1);
    return this.deploy(this.multiSource ? last.revisions : last.revision, { sources: this.multiSource ? last.sources : [last.source] });
  }

  /** A sync operation in progress (phase Running, no result yet), as the controller reports it before it ends. */
  syncRunning(): this {
    this.tick();
    this.app.status.operationState = { phase: 'Running', startedAt: this.iso(0), operation: { initiatedBy: { automated: true } } };
    return this;
  }

  /** A sync that ended Failed (no history entry). */
  failSync(revision: string, message = 'one or more objects failed to apply'): this {
    this.tick();
    this.app.status.operationState = {
      phase: 'Failed', message, startedAt: this.iso(0), finishedAt: this.iso(5_000), retryCount: 5,
      operation: { initiatedBy: { automated: true }, sync: { revision } },
      syncResult: { ...this.revisionFields([revision], this.sourcesAt([revision])), resources: [] },
    };
    this.app.status.sync = { ...this.app.status.sync, status: 'OutOfSync' };
    return this;
  }

  /** The spec became invalid (or the repository unreachable): sync and health Unknown, with a condition. */
  syncUnknown(type = 'InvalidSpecError', message = "application repo is not permitted in project 'default'"): this {
    this.tick();
    this.app.status.sync = { status: 'Unknown' };
    this.app.status.conditions = [{ type, message, lastTransitionTime: this.iso(0) }];
    this.app.status.health = { status: 'Unknown', lastTransitionTime: this.iso(0) };
    return this;
  }

  /** The spec was fixed: the condition is gone, sync status Synced again and health Healthy again. */
  specFixed(): this {
    this.tick();
    const last = this.app.status.history.at(-1);
    const revisions = last ? (this.multiSource ? { revisions: last.revisions } : { revision: last.revision }) : {};
    this.app.status.sync = { status: 'Synced', ...revisions };
    delete this.app.status.conditions;
    return this.health('Healthy', undefined, false);
  }

  /** Health transition. */
  health(status: string, message?: string, advance = true): this {
    if (advance) this.tick();
    this.app.status.health = { status, lastTransitionTime: this.iso(advance ? 0 : 10_000), ...(message ? { message } : {}) };
    return this;
  }

  /** Deletion with a finalizer (the app lingers with `deletionTimestamp`). */
  delete(): this {
    this.tick();
    this.app.metadata.deletionTimestamp = this.iso(0);
    this.app.metadata.finalizers = ['resources-finalizer.argocd.argoproj.io'];
    return this;
  }

  /** The bridge template body for an event (a deep copy, so later steps don't change it). */
  body(event?: string, context: Record<string, unknown> = { argocdUrl: 'https://argocd.example.com', argocdInstance: 'prod' }): Record<string, unknown> {
    const body = { ...(event ? { event } : {}), timestamp: this.iso(30_000), context, app: this.app };
    return structuredClone(body);
  }
}

import type { CDEvent } from '../cdevents/types.js';
import { planStatusWrites } from '../commit-status/plan/plan-status-writes.js';
import type { StatusSubject } from '../commit-status/plan/status-subject.js';
import type { StatusWrite } from '../commit-status/plan/status-write.js';
import type { CommitStatusRecord } from '../deliveries/delivery-record.js';
import type { DeliveryJob, DeliveryReport } from '../delivery/deliver-or-enqueue.js';
import type { WebhookRuntime } from './webhook-runtime.js';

/**
 * The commit-status jobs of one request: the writes planned from its events for every target the
 * sender's object matches, grouped by target sink. None without targets or without a subject.
 */
function planStatusJobs(runtime: WebhookRuntime, subject: StatusSubject | undefined, events: readonly CDEvent[]): DeliveryJob[] {
  const { targets } = runtime.config.commitStatus;
  if (!subject || targets.length === 0) return [];
  const byTarget = new Map<string, StatusWrite[]>();
  for (const write of planStatusWrites(targets, subject, events)) {
    byTarget.set(write.target, [...(byTarget.get(write.target) ?? []), write]);
  }
  return [...byTarget].flatMap(([target, writes]) => {
    const entry = runtime.sinks.get(`commit-status:${target}`);
    return entry ? [{ sink: entry.sink, items: writes, idOf: entry.idOf }] : [];
  });
}

/**
 * The `plan` of a webhook outcome: {@link planStatusJobs} for the subject `subjectOf(source)`
 * gives, worked out only when planned; none at all without commit-status targets. Made here rather
 * than as an arrow in the outcome's object literal, which the bundler's keep-names option names at
 * run time: one `Object.defineProperty` per request, ~0.3 µs, and ~14 µs when the CPU's caches went
 * cold since the last request (measured on Node 20 in the Flux handler, after a 5 ms pause).
 */
export function statusPlan<Source>(
  runtime: WebhookRuntime, source: Source, subjectOf: (source: Source) => StatusSubject | undefined,
): ((events: readonly CDEvent[]) => DeliveryJob[]) | undefined {
  if (runtime.config.commitStatus.targets.length === 0) return undefined;
  return (events) => planStatusJobs(runtime, subjectOf(source), events);
}

/** The commit statuses of a request for its history row: the sink's own result, else what delivery reported. */
export function commitStatusRecords(runtime: WebhookRuntime, jobs: readonly DeliveryJob[], report: DeliveryReport): CommitStatusRecord[] {
  return jobs.flatMap((job) => job.items.map((item) => {
    const write = item as StatusWrite;
    const settled = runtime.statusResults?.take(write);
    if (settled) return settled;
    const outcome = report.items.find((i) => i.sink === job.sink.name && i.id === job.idOf(item));
    const base = { target: write.target, sha: write.sha, context: write.context, state: write.state };
    return outcome?.outcome === 'queued'
      ? { ...base, outcome: 'queued' as const, reason: outcome.reason }
      : { ...base, outcome: 'failed' as const, reason: outcome?.reason ?? 'not settled' };
  }));
}

/**
 * Commit statuses per environment (issue 8): the public surface the webhook handlers wire.
 * Stages: `config/` reads the file, `plan/` decides the writes (pure), `sink/` writes them through
 * `providers/` with `dedupe/` ledgers.
 */
export type { CommitStatusProvider, CommitStatusTarget, EventSourceSelector } from './config/commit-status-target.js';
export { loadCommitStatusTargets } from './config/load-commit-status-targets.js';
export { fluxStatusSubject } from './plan/flux-status-subject.js';
export { argoStatusSubject } from './plan/argo-status-subject.js';
export type { StatusSubject } from './plan/status-subject.js';
export { planStatusWrites } from './plan/plan-status-writes.js';
export type { StatusState, StatusWrite } from './plan/status-write.js';
export { CommitStatusSink, type CommitStatusSinkOptions, type StatusLogger } from './sink/commit-status-sink.js';
export { createCommitStatusSinks, type CommitStatusSinkDependencies } from './sink/create-commit-status-sinks.js';
export type { StatusLedger } from './dedupe/status-ledger.js';
export { MemoryStatusLedger } from './dedupe/memory-status-ledger.js';
export { DynamoDbStatusLedger } from './dedupe/dynamodb-status-ledger.js';

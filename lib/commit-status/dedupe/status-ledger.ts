import type { CommitStatusTarget } from '../config/commit-status-target.js';
import { repositoryIdentity } from '../plan/match-event-source.js';
import type { StatusWrite } from '../plan/status-write.js';

/** The last status written for one commit and context. `eventTime` is absent when read from the provider. */
export interface LedgerEntry {
  state: string;
  description: string;
  eventTime?: string;
}

/** Remembers the last status written per commit and context, so nothing is written twice. */
export interface StatusLedger {
  /**
   * The last status written under `key`. `readProvider` asks the provider itself; an implementation
   * without its own record (the memory ledger after a restart) calls it, as notification-controller
   * does before every write.
   */
  lastWritten(key: string, readProvider: () => Promise<LedgerEntry | undefined>): Promise<LedgerEntry | undefined>;
  /**
   * Records a written status, unless a newer event is already recorded under `key`.
   * @throws Error when the store cannot be written (the status itself is already set).
   */
  record(key: string, entry: LedgerEntry): Promise<void>;
}

/**
 * The ledger key of a write: provider, repository, commit and context. Not the target's name, so
 * renaming a target does not repeat statuses, and two targets on one repository share their record.
 */
export function ledgerKey(target: CommitStatusTarget, write: StatusWrite): string {
  return `${target.provider}#${repositoryIdentity(target.address)}#${write.sha}#${write.context}`;
}

/**
 * What to do with a write given the last one: `older` when its event is older than the recorded
 * one's (an outbox redelivery arriving after a newer status); `unchanged` when state and
 * description are equal (Flux repeats `ReconciliationSucceeded` every interval); else `write`.
 */
export function compareWithLast(write: StatusWrite, last: LedgerEntry | undefined): 'older' | 'unchanged' | 'write' {
  if (!last) return 'write';
  if (last.eventTime !== undefined && write.eventTime < last.eventTime) return 'older';
  return last.state === write.state && last.description === write.description ? 'unchanged' : 'write';
}

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CommitStatusTarget } from '../commit-status/config/commit-status-target.js';
import { loadCommitStatusTargets } from '../commit-status/config/load-commit-status-targets.js';
import { readTableName } from './aws-names.js';
import { ConfigError } from './config-error.js';
import { readText, type Reader } from './setting-readers.js';

/** The commit-status configuration: the file it came from and its targets (none when unset). */
export interface CommitStatusSettings {
  file?: string;
  targets: readonly CommitStatusTarget[];
  /** DynamoDB table of the last status written per commit and context (`BRIDGE_COMMIT_STATUS_TABLE`); in memory when unset. */
  table?: string;
}

/**
 * Reads `BRIDGE_COMMIT_STATUS_FILE` and, when set, the YAML or JSON file it names, once at start.
 * @throws ConfigError when the file cannot be read or a target is invalid (naming the target and
 *   the field, never a token).
 */
export function readCommitStatusSettings(read: Reader): CommitStatusSettings {
  const table = readTableName(read, 'BRIDGE_COMMIT_STATUS_TABLE');
  const file = readText(read, 'BRIDGE_COMMIT_STATUS_FILE', 4096);
  if (!file) return { targets: [], table };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `BRIDGE_COMMIT_STATUS_FILE cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'} ${file}; set it to a readable YAML or JSON file or unset it`,
    );
  }
  return { file, targets: loadCommitStatusTargets(text, basename(file)), table };
}

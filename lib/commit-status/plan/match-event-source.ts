import type { EventSourceSelector } from '../config/commit-status-target.js';
import type { StatusSubject } from './status-subject.js';

/** A name pattern with `*` as "any characters", as a whole-string test. */
function nameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const escaped = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(name);
}

/**
 * Whether one of the selectors names the subject's object: same kind (Kubernetes kinds compared
 * without case), name equal or matching its `*` pattern, and the namespace when one is given.
 */
export function matchesEventSources(sources: readonly EventSourceSelector[], subject: StatusSubject): boolean {
  const { kind, name, namespace } = subject.object;
  return sources.some((source) => source.kind.toLowerCase() === kind.toLowerCase()
    && nameMatches(source.name, name)
    && (source.namespace === undefined || source.namespace === namespace));
}

/**
 * A repository URL reduced to `host/path` for comparison: no scheme, user or port, no `.git`, no
 * trailing slash, lower case. `git@host:org/repo.git` (scp form) reduces the same way, so an Argo
 * CD app cloned over ssh still matches its https address.
 */
export function repositoryIdentity(url: string): string {
  let text = url.trim().toLowerCase();
  const scp = /^[^/@:]+@([^/:]+):(?!\d+\/)(.*)$/.exec(text);
  if (scp) text = `${scp[1]}/${scp[2]}`;
  else text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^[^/@]*@/, '').replace(/^([^/:]+):\d+/, '$1');
  while (text.endsWith('/')) text = text.slice(0, -1);
  return text.replace(/\.git$/, '');
}

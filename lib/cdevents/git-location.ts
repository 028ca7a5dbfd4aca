import { safeDecode } from '../text/safe-decode.js';
import { trimTrailingSlashes } from '../text/trim-trailing-slashes.js';

/** Decodes each run of `%XX` escapes that is valid UTF-8 and leaves any other run as written. */
function decodePath(path: string): string {
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => safeDecode(run) ?? run);
}

/**
 * The host (lower-cased) and path of a Git repository URL: `https://`, `ssh://` or scp-like
 * `git@host:path`, without a trailing `.git` or slashes; `undefined` when it cannot be read.
 */
export function parseGitLocation(repoUrl: string): { host: string; path: string } | undefined {
  const trimmed = trimTrailingSlashes(repoUrl.trim().replace(/\.git\/?$/, ''));
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(trimmed);
  if (scp?.[1] && scp[2]) return { host: scp[1].toLowerCase(), path: scp[2] };
  if (!URL.canParse(trimmed)) return undefined;
  const url = new URL(trimmed);
  if (!url.hostname) return undefined;
  return { host: url.hostname.toLowerCase(), path: decodePath(url.pathname) };
}

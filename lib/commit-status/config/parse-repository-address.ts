import type { CommitStatusProvider, RepositoryLocation } from './commit-status-target.js';

/** What an address says: the repository's location and the provider's default API base. */
export interface ParsedAddress {
  location: RepositoryLocation;
  defaultApiUrl: string;
}

/** Path segments of an https URL, `.git` removed from the last one; `undefined` when not https. */
function segmentsOf(address: string): { url: URL; parts: string[] } | undefined {
  if (!URL.canParse(address)) return undefined;
  const url = new URL(address);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || url.search || url.hash) return undefined;
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const last = parts.length - 1;
  if (last >= 0) parts[last] = (parts[last] as string).replace(/\.git$/i, '');
  return parts.every((part) => part !== '') ? { url, parts } : undefined;
}

/** `https://HOST/owner/repo`: GitHub (api.github.com or GHES `/api/v3`) and Gitea (`/api/v1`). */
function ownerRepo(url: URL, parts: string[], provider: 'github' | 'gitea'): ParsedAddress | undefined {
  if (parts.length !== 2) return undefined;
  const [owner, repo] = parts as [string, string];
  const github = url.hostname.toLowerCase() === 'github.com';
  const defaultApiUrl = provider === 'gitea' ? `${url.origin}/api/v1` : github ? 'https://api.github.com' : `${url.origin}/api/v3`;
  return { location: { owner, repo }, defaultApiUrl };
}

/**
 * `https://HOST[/context]/scm/KEY/slug` (the clone URL Flux documents) or the browse form
 * `…/projects/KEY/repos/slug`; the REST base keeps the context path.
 */
function bitbucketServer(url: URL, parts: string[]): ParsedAddress | undefined {
  const scm = parts.lastIndexOf('scm');
  if (scm >= 0 && parts.length === scm + 3) {
    const context = parts.slice(0, scm).map(encodeURIComponent).join('/');
    return { location: { projectKey: parts[scm + 1], repo: parts[scm + 2] }, defaultApiUrl: `${url.origin}${context ? `/${context}` : ''}/rest` };
  }
  const projects = parts.lastIndexOf('projects');
  if (projects >= 0 && parts.length >= projects + 4 && parts[projects + 2] === 'repos') {
    const context = parts.slice(0, projects).map(encodeURIComponent).join('/');
    return { location: { projectKey: parts[projects + 1], repo: parts[projects + 3] }, defaultApiUrl: `${url.origin}${context ? `/${context}` : ''}/rest` };
  }
  return undefined;
}

/** `https://dev.azure.com/org/project/_git/repo` (or `https://org.visualstudio.com/project/_git/repo`). */
function azureDevOps(url: URL, parts: string[]): ParsedAddress | undefined {
  const git = parts.indexOf('_git');
  if (git < 0 || git !== parts.length - 2) return undefined;
  const legacyHost = /^([^.]+)\.visualstudio\.com$/i.exec(url.hostname);
  const [organization, project] = legacyHost ? [legacyHost[1], parts[0]] : [parts[0], parts[1]];
  if (!organization || !project || git !== (legacyHost ? 1 : 2)) return undefined;
  return { location: { organization, project, repo: parts[git + 1] }, defaultApiUrl: legacyHost ? url.origin : 'https://dev.azure.com' };
}

/**
 * Reads a repository address the way Flux's git Providers expect it.
 * @returns `undefined` when the address is not an https URL of that provider's form.
 */
export function parseRepositoryAddress(provider: CommitStatusProvider, address: string): ParsedAddress | undefined {
  const split = segmentsOf(address);
  if (!split) return undefined;
  const { url, parts } = split;
  switch (provider) {
    case 'github':
    case 'gitea':
      return ownerRepo(url, parts, provider);
    case 'gitlab':
      // A project is a path of groups (`group/sub/project`) or, as GitLab recommends, its numeric id.
      return parts.length >= 1 && (parts.length >= 2 || /^\d+$/.test(parts[0] as string))
        ? { location: { project: encodeURIComponent(parts.join('/')) }, defaultApiUrl: `${url.origin}/api/v4` }
        : undefined;
    case 'bitbucket':
      return parts.length === 2 ? { location: { owner: parts[0], repo: parts[1] }, defaultApiUrl: 'https://api.bitbucket.org/2.0' } : undefined;
    case 'bitbucketserver':
      return bitbucketServer(url, parts);
    case 'azuredevops':
      return azureDevOps(url, parts);
  }
}

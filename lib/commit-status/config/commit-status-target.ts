/** The git providers the bridge can post commit statuses to (Flux notification-controller's six). */
export const COMMIT_STATUS_PROVIDERS = ['github', 'gitlab', 'gitea', 'bitbucket', 'bitbucketserver', 'azuredevops'] as const;

/** One commit-status provider type. */
export type CommitStatusProvider = (typeof COMMIT_STATUS_PROVIDERS)[number];

/** An event source as in Flux's Alert `eventSources`: `name` may hold `*`; no namespace = any. */
export interface EventSourceSelector {
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * Where the repository lives on its provider, read from `address`. Only the fields of the
 * target's provider are set: `owner`/`repo` (github, gitea, bitbucket), `project` (gitlab: the
 * URL-encoded path or numeric id), `projectKey`/`repo` (bitbucketserver), `organization`/`project`/
 * `repo` (azuredevops).
 */
export interface RepositoryLocation {
  owner?: string;
  repo?: string;
  project?: string;
  projectKey?: string;
  organization?: string;
}

/** A validated entry of the commit-status file's `targets`; frozen. */
export interface CommitStatusTarget {
  name: string;
  provider: CommitStatusProvider;
  /** The repository URL as written (https), e.g. `https://github.com/shop-org/cart-deploy`. */
  address: string;
  /** The API base the REST paths are appended to, without trailing slash (given or derived). */
  apiUrl: string;
  location: RepositoryLocation;
  /** Secrets Manager secret with Flux's key names; exactly one of `secretId` and `token` is set. */
  secretId?: string;
  /** Inline token for local runs. Never logged. */
  token?: string;
  /** Context prefix; when absent the event's environment id is used. */
  prefix?: string;
  /** Link template for Flux objects, with `{kind}` `{name}` `{namespace}` `{sha}` placeholders. */
  targetUrl?: string;
  eventSources: readonly EventSourceSelector[];
}

import { genericPurl, gitPurl, isOciDigest, ociPurl } from '../cdevents/purl.js';
import type { FluxEvent } from './flux-event.js';
import { type FluxRevision, getRevision, parseRevision } from './parse-revision.js';

/** helm-controller messages name the chart: `… with chart podinfo@6.6.1+0cc9a8446c95: …`. */
const CHART_IN_MESSAGE = /with chart ([^\s@]+)@([^\s:]+)/;
/** image-reflector-controller: `Latest image tag for <img> resolved to <tag>[ with digest <d>]…`. */
const IMAGE_POLICY_MESSAGE = /^Latest image tag for '?([^\s']+?)'? resolved to:? '?([^\s']+?)'?(?: with digest '?([^\s')]+)'?)?(?:\s|$)/;

interface ImageReference {
  repository: string;
  tag?: string;
  digest?: string;
}

/** Splits `registry/path:tag@sha256:…` into its parts. */
function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) return { repository: name.slice(0, colon), tag: name.slice(colon + 1), digest };
  return { repository: name, digest };
}

function chartOf(event: FluxEvent): { name: string; version?: string } {
  const [, name, version] = CHART_IN_MESSAGE.exec(event.message) ?? [];
  return name && version ? { name, version } : { name: event.involvedObject.name };
}

/** The OCI tag of a chart: its version without the `+<digest prefix>` helm-controller appends. */
function chartTag(version: string | undefined, digest: string): string | undefined {
  const plus = version?.indexOf('+') ?? -1;
  if (!version || plus < 0) return version;
  return digest.slice(digest.indexOf(':') + 1).startsWith(version.slice(plus + 1)) ? version.slice(0, plus) : undefined;
}

function helmReleasePurl(event: FluxEvent): string | undefined {
  const chart = chartOf(event);
  const digest = event.metadata['oci-digest'];
  const version = event.metadata.revision || chart.version;
  if (digest && isOciDigest(digest)) return ociPurl(chart.name, digest, chartTag(version, digest));
  return version ? genericPurl(chart.name, version) : undefined;
}

function imagePolicyPurl(event: FluxEvent): string | undefined {
  const [, reference, tag, digest] = IMAGE_POLICY_MESSAGE.exec(event.message) ?? [];
  if (!reference || !tag) return undefined;
  const image = parseImageReference(reference);
  if (digest && isOciDigest(digest)) return ociPurl(image.repository, digest, tag);
  return genericPurl(image.repository.split('/').pop() ?? image.repository, tag, { repository_url: image.repository });
}

/** `raw` parsed, reusing `known` when it is the parse of the same text. */
function parsedRevision(raw: string, known: FluxRevision | undefined): FluxRevision {
  return known?.raw === raw ? known : parseRevision(raw);
}

function revisionPurl(event: FluxEvent, known: FluxRevision | undefined): string | undefined {
  const { metadata, involvedObject } = event;
  const declared = metadata.revision ? parsedRevision(metadata.revision, known) : undefined;
  if (declared?.pointer && declared.digest && isOciDigest(declared.digest)) {
    const image = metadata.image ? parseImageReference(metadata.image).repository : involvedObject.name;
    return ociPurl(image, declared.digest, declared.pointer);
  }
  const raw = getRevision(metadata);
  if (!raw) return undefined;
  const revision = parsedRevision(raw, known);
  const repository = metadata.repository || metadata.repoURL;
  const git = revision.commit && repository ? gitPurl(repository, revision.commit) : undefined;
  return git ?? genericPurl(involvedObject.name, revision.commit ?? raw.trim());
}

/**
 * The purl of what the event deployed or refers to, when the event says:
 * - an image with a digest in metadata `image` → `pkg:oci/<name>@sha256%3A…`;
 * - HelmRelease: `oci-digest` → `pkg:oci/<chart>@sha256%3A…`, else `pkg:generic/<chart>@<chart version>`;
 * - an OCI revision `<tag>@sha256:…` → `pkg:oci/<image or object name>@sha256%3A…?tag=<tag>`;
 * - a Git revision → `pkg:github|gitlab|git/…@<commit>` with metadata `repository`/`repoURL`,
 *   else `pkg:generic/<object name>@<commit or revision>`.
 * `revision`, when given, is a revision of the event already parsed (it is not parsed again).
 * @returns `undefined` when the event carries no revision, digest or version.
 */
export function knownArtifactId(event: FluxEvent, revision?: FluxRevision): string | undefined {
  const image = event.metadata.image ? parseImageReference(event.metadata.image) : undefined;
  if (image?.digest && isOciDigest(image.digest)) return ociPurl(image.repository, image.digest, image.tag);
  if (event.involvedObject.kind === 'HelmRelease') return helmReleasePurl(event);
  if (event.involvedObject.kind === 'ImagePolicy') return imagePolicyPurl(event) ?? revisionPurl(event, revision);
  return revisionPurl(event, revision);
}

/** A purl for events that must name an artifact but carry no version: `pkg:generic/<chart or name>`. */
export function unversionedArtifactId(event: FluxEvent): string {
  return genericPurl(event.involvedObject.kind === 'HelmRelease' ? chartOf(event).name : event.involvedObject.name);
}

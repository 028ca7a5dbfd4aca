import { urlToHttpOptions } from 'node:url';

/** Where a URL points for `createKeepAliveFetch`: `http.request` options, or none for a protocol other than http(s). */
export type Target = { protocol: string; options?: ReturnType<typeof urlToHttpOptions> };

/**
 * The targets of the last few URL strings (a sink POSTs every event to its one URL). Parsing the
 * URL for every POST, with fetch-like closures per response, made a POST ~8 µs dearer than a bare
 * `http.request` (86 vs 78 µs of CPU per loopback POST, server included); now it is level with it.
 */
export function targetMemo(): (input: string | URL) => Target {
  const targets = new Map<string, Target>();
  return (input) => {
    if (typeof input !== 'string') return toTarget(new URL(input));
    let target = targets.get(input);
    if (!target) {
      target = toTarget(new URL(input));
      if (targets.size >= 8) targets.clear();
      targets.set(input, target);
    }
    return target;
  };
}

function toTarget(url: URL): Target {
  const http = url.protocol === 'http:' || url.protocol === 'https:';
  return { protocol: url.protocol, options: http ? urlToHttpOptions(url) : undefined };
}

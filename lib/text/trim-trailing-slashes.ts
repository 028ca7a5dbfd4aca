/**
 * `text` without its trailing `/` characters, in linear time. The obvious `/\/+$/` backtracks
 * quadratically on a long run of `/` (50,000 take about 3 s), and repository and Argo CD URLs come
 * from the request.
 */
export function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
  return text.slice(0, end);
}

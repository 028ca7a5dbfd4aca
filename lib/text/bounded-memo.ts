/**
 * A memo of a pure function of a short string key, for keys that repeat across notifications in
 * production (an Argo CD instance's URL, a destination server, an app's source hashes): at most
 * `maxEntries` results are kept, and the memo starts over when full, so hostile keys cannot pile up.
 * Keys longer than `maxKeyLength` are computed without being kept.
 */
export function boundedMemo<T>(compute: (key: string) => T, maxEntries = 256, maxKeyLength = 512): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    if (key.length > maxKeyLength) return compute(key);
    const known = memo.get(key);
    if (known !== undefined || memo.has(key)) return known as T;
    const value = compute(key);
    if (memo.size >= maxEntries) memo.clear();
    memo.set(key, value);
    return value;
  };
}

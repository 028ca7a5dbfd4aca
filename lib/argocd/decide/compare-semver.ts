const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const [l, r] = [left[i], right[i]];
    if (l === undefined) return -1;
    if (r === undefined) return 1;
    const order = compareIdentifiers(l, r);
    if (order !== 0) return order;
  }
  return 0;
}

/**
 * Compares two semantic versions (Helm chart versions) by SemVer 2.0 precedence.
 * @returns -1, 0 or 1; `undefined` when either is not a semantic version.
 */
export function compareSemver(a: string, b: string): number | undefined {
  const left = SEMVER.exec(a);
  const right = SEMVER.exec(b);
  if (!left || !right) return undefined;
  for (let i = 1; i <= 3; i += 1) {
    const order = Math.sign(Number(left[i]) - Number(right[i]));
    if (order !== 0) return order;
  }
  return comparePrerelease(left[4], right[4]);
}

// The result rows of the benchmark and how they print (benchmark, not a test).

/** A goal: the bridge/floor ratio at most or at least `value`, or the bridge's own figure at most `value`. */
export type Goal = { kind: 'ratio-at-most' | 'ratio-at-least' | 'at-most'; value: number; unit?: string };

/** One line of the table. `bridge`/`floor` are medians in `unit`; `null` when not measured. */
export interface Row {
  id: string;
  measure: string;
  unit: string;
  bridge: number | null;
  floor: number | null;
  floorLabel?: string;
  goal?: Goal;
  /**
   * The median of the rounds' own bridge/floor ratios, for sides measured in alternating rounds
   * whose speed drifts with the machine: judged in place of bridge/floor when given.
   */
  pairedRatio?: number;
  /** Extra facts (spread, sample counts, per-size costs) for the JSON output and the notes line. */
  detail?: Record<string, unknown>;
  note?: string;
}

/** The row with its ratio and verdict worked out. */
export interface JudgedRow extends Row {
  ratio: number | null;
  pass: boolean | null;
}

/** Works out the ratio (the paired one if given, else bridge/floor) and whether the goal holds. */
export function judge(row: Row): JudgedRow {
  const ratio = row.pairedRatio ?? (row.bridge !== null && row.floor !== null && row.floor > 0 ? row.bridge / row.floor : null);
  const goal = row.goal;
  let pass: boolean | null = null;
  if (goal && row.bridge !== null) {
    if (goal.kind === 'at-most') pass = row.bridge <= goal.value;
    else if (ratio !== null) pass = goal.kind === 'ratio-at-most' ? ratio <= goal.value : ratio >= goal.value;
  }
  return { ...row, ratio, pass };
}

/** A figure with its unit, rounded for reading (thousands grouped). */
export function figure(value: number | null, unit: string): string {
  if (value === null) return '–';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits > 0 && value < 100 ? 1 : 0 });
  return unit ? `${text} ${unit}` : text;
}

function goalText(goal: Goal | undefined): string {
  if (!goal) return '';
  if (goal.kind === 'at-most') return `≤ ${goal.value} ${goal.unit ?? ''}`.trim();
  return goal.kind === 'ratio-at-most' ? `≤ ${goal.value}×` : `≥ ${goal.value}`;
}

function ratioText(row: JudgedRow): string {
  if (row.ratio === null) return '';
  return row.goal?.kind === 'ratio-at-least' ? row.ratio.toFixed(2) : `${row.ratio.toFixed(1)}×`;
}

/** The table as Markdown: measure, bridge, floor, ratio, goal, pass. */
export function markdownTable(rows: readonly JudgedRow[]): string {
  const lines = ['| measure | bridge | floor | ratio | goal | pass |', '|---|---|---|---|---|---|'];
  for (const row of rows) {
    const floor = row.floor === null ? '' : `${figure(row.floor, row.unit)}${row.floorLabel ? ` (${row.floorLabel})` : ''}`;
    const verdict = row.pass === null ? '' : row.pass ? 'pass' : '**fail**';
    lines.push(`| ${row.measure} | ${figure(row.bridge, row.unit)} | ${floor} | ${ratioText(row)} | ${goalText(row.goal)} | ${verdict} |`);
  }
  return lines.join('\n');
}

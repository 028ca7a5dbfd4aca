import { MetricResolution, MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricResolution as MetricResolutionValue, MetricUnit as MetricUnitValue } from '@aws-lambda-powertools/metrics/types';
import { EmfLines, type EmfLineOptions } from './emf-lines.js';

/** Separates dimension name and value in a map key; neither holds it (they come from code and CDEvent types). */
const KEY_SEPARATOR = '\u0000';
/** Powertools' bounds: a metric name's length, and the metrics (or values of one) it holds before publishing early. */
const MAX_NAME_LENGTH = 255;
const MAX_PLAIN = 99;

/** The counts of one dimension value. */
interface DimensionedCounts {
  dimension: string;
  value: string;
  byName: Map<string, number>;
}

/**
 * The function's metrics, with two changes to Powertools' `Metrics`:
 * - Counts with an extra dimension (`countWithDimension` in `metrics.ts`) are summed during the
 *   invocation and written when the main metrics publish, one EMF line per dimension value. Powertools'
 *   `singleMetric()` builds a whole `Metrics` per call (environment reads, a new `Console`, its own
 *   line): 40 µs, a third of the Flux handler's CPU. A reused Powertools `Metrics` still costs
 *   6.5 µs per line (every store access re-reads the environment); the line written here costs
 *   1.3 µs (measured on Node 20, 2 cores), so these lines are written by hand, in the same format.
 * - Plain counts (`addMetric(name, 'Count', n)`, no extra dimension, no custom dimension, metadata
 *   or timestamp this invocation) are kept here too and written by hand, last, as the line
 *   Powertools would write: its store and `publishStoredMetrics` cost ~6 µs per request, this
 *   ~1 µs. Anything else goes to Powertools' store, with the plain counts moved there first so
 *   their order is kept.
 * - It publishes only when something was added. A rejected request counts itself only with a
 *   dimension, leaving the shared buffer empty; Powertools would then warn "No application metrics
 *   to publish" on every such request, a line that reads like a failure but is not one.
 */
export class BridgeMetrics extends Metrics {
  readonly #lines: EmfLines;
  /** `dimension\0value` → the dimension, its value and metric name → summed count, since the last publish. */
  readonly #counts = new Map<string, DimensionedCounts>();
  /** Plain counts by name, every value in the order added (Powertools lists a repeated metric's values). */
  readonly #plainCounts = new Map<string, number[]>();
  /** A dimension, metadata or timestamp was set this invocation: every metric goes to Powertools then. */
  #customised = false;
  /**
   * Something went to Powertools' store this invocation (a metric, a dimension, metadata). When not,
   * publishing skips Powertools altogether: each of its store accesses re-reads the environment.
   */
  #delegated = false;

  /** Metrics of one function; the hand-written lines share Powertools' `options`. */
  constructor(options: EmfLineOptions) {
    super(options);
    this.#lines = new EmfLines(options);
  }

  /** Adds `count` to metric `name` with `dimension` = `value`; written at the next publish. */
  addDimensionedCount(name: string, dimension: string, value: string, count: number): void {
    const key = `${dimension}${KEY_SEPARATOR}${value}`;
    let counts = this.#counts.get(key);
    if (!counts) {
      counts = { dimension, value, byName: new Map() };
      this.#counts.set(key, counts);
    }
    counts.byName.set(name, (counts.byName.get(name) ?? 0) + count);
  }

  override addMetric(name: string, unit: MetricUnitValue, value: number, resolution?: MetricResolutionValue): this {
    const values = this.#plainCounts.get(name);
    const plain = !this.#customised && unit === MetricUnit.Count && (resolution === undefined || resolution === MetricResolution.Standard)
      && typeof value === 'number' && name.length > 0 && name.length <= MAX_NAME_LENGTH && (values?.length ?? this.#plainCounts.size) < MAX_PLAIN;
    if (!plain) {
      this.#movePlainCounts();
      this.#delegated = true;
      return super.addMetric(name, unit, value, resolution);
    }
    if (values) values.push(value);
    else this.#plainCounts.set(name, [value]);
    return this;
  }

  override addDimension(name: string, value: string): this {
    this.#customise();
    return super.addDimension(name, value);
  }

  override addDimensions(dimensions: Record<string, string>): this {
    this.#customise();
    return super.addDimensions(dimensions);
  }

  override addMetadata(key: string, value: string): this {
    this.#customise();
    return super.addMetadata(key, value);
  }

  override setTimestamp(timestamp: number | Date): this {
    this.#customise();
    return super.setTimestamp(timestamp);
  }

  override publishStoredMetrics(): this {
    const delegated = this.#delegated;
    this.#customised = false;
    this.#delegated = false;
    if (delegated && this.hasStoredMetrics()) this.#movePlainCounts();
    this.#publishCounts();
    if (!delegated) return this;
    if (this.hasStoredMetrics()) return super.publishStoredMetrics();
    // What publishing would have cleared, so nothing carries over to the next invocation.
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }

  #customise(): void {
    this.#movePlainCounts();
    this.#customised = true;
    this.#delegated = true;
  }

  /** Hands the plain counts to Powertools' store, in the order added. */
  #movePlainCounts(): void {
    if (this.#plainCounts.size === 0) return;
    const entries = [...this.#plainCounts];
    this.#plainCounts.clear();
    for (const [name, values] of entries) for (const value of values) super.addMetric(name, MetricUnit.Count, value);
  }

  #publishCounts(): void {
    if (this.#counts.size === 0 && this.#plainCounts.size === 0) return;
    let lines = '';
    if (!this.isDisabled()) {
      const timestamp = Date.now();
      for (const { dimension, value, byName } of this.#counts.values()) lines += this.#lines.line(timestamp, dimension, value, byName);
      // Last, where Powertools' own line came.
      if (this.#plainCounts.size > 0) lines += this.#lines.line(timestamp, '', '', this.#plainCounts);
    }
    this.#counts.clear();
    this.#plainCounts.clear();
    // Standard output, as Powertools writes its own lines (a Console on process.stdout).
    if (lines !== '') process.stdout.write(lines);
  }
}

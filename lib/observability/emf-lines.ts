import { MetricUnit } from '@aws-lambda-powertools/metrics';

/** What every line of one function's metrics shares. */
export interface EmfLineOptions {
  namespace: string;
  serviceName: string;
  defaultDimensions: Record<string, string>;
}

/** Most line shapes remembered: one per dimension value and set of metric names (CDEvent types, sinks, statuses). */
const MAX_SHAPES = 256;
/** Where the timestamp goes in a rendered shape. */
const TIMESTAMP = '"Timestamp":0';
/** Keys a metric value cannot take by appending: JSON objects list integer-like keys first. */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/** One metric's value, or its values in the order added; a list of one is written as that value, as Powertools does. */
export type MetricValues = number | readonly number[];

/** The value as a line holds it. */
function written(values: MetricValues): number | readonly number[] {
  return typeof values === 'number' || values.length !== 1 ? values : (values[0] as number);
}

/** The parts of a line that only depend on its dimension and metric names. */
interface Shape {
  /** Up to the timestamp. */
  head: string;
  /** After the timestamp, without the closing brace. */
  middle: string;
  /** `,"name":` of each metric, in order. */
  keys: string[];
}

/**
 * Writes EMF lines of count metrics as Powertools lays them out: the metric names and units under
 * `_aws`, the dimension and metric values at the top level. The part of a line that only depends
 * on its dimension and metric names is rendered once per shape and the timestamp and values are
 * spliced in: ~0.2 µs a line, against ~1.5 µs for building and stringifying the nested object each
 * time (Node 20). A shape whose metric names collide with its other keys is rendered whole.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export class EmfLines {
  readonly #options: EmfLineOptions;
  /** `dimension\0value` → metric names joined by `\0` → the shape, or `null` when it must be rendered whole. */
  readonly #shapes = new Map<string, Map<string, Shape | null>>();
  #shapeCount = 0;

  constructor(options: EmfLineOptions) {
    this.#options = options;
  }

  /** One line (with its newline): `dimension` = `value` unless `value` is empty, and each metric's value. */
  line(timestamp: number, dimension: string, value: string, byName: ReadonlyMap<string, MetricValues>): string {
    const shape = this.#shapeOf(dimension, value, byName);
    if (shape === null) return `${JSON.stringify(this.blob(timestamp, dimension, value, byName))}\n`;
    return `${splice(shape, String(timestamp), byName)}\n`;
  }

  /** The line as an object, in Powertools' key order. */
  blob(timestamp: number, dimension: string, value: string, byName: ReadonlyMap<string, MetricValues>): Record<string, unknown> {
    const dimensions: Record<string, string> = { service: this.#options.serviceName, ...this.#options.defaultDimensions };
    // An empty value is no dimension at all (Powertools drops it with a warning; CloudWatch rejects it).
    if (value !== '') dimensions[dimension] = value;
    const metrics = [...byName.keys()].map((name) => ({ Name: name, Unit: MetricUnit.Count }));
    const blob: Record<string, unknown> = {
      _aws: { Timestamp: timestamp, CloudWatchMetrics: [{ Namespace: this.#options.namespace, Dimensions: [Object.keys(dimensions)], Metrics: metrics }] },
      ...dimensions,
    };
    for (const [name, count] of byName) blob[name] = written(count);
    return blob;
  }

  #shapeOf(dimension: string, value: string, byName: ReadonlyMap<string, MetricValues>): Shape | null {
    const dimensionKey = `${dimension}\u0000${value}`;
    const names = byName.size === 1 ? (byName.keys().next().value ?? '') : [...byName.keys()].join('\u0000');
    let byNames = this.#shapes.get(dimensionKey);
    const known = byNames?.get(names);
    if (known !== undefined) return known;
    if (this.#shapeCount >= MAX_SHAPES) {
      this.#shapes.clear();
      this.#shapeCount = 0;
      byNames = undefined;
    }
    if (!byNames) {
      byNames = new Map();
      this.#shapes.set(dimensionKey, byNames);
    }
    const shape = this.#render(dimension, value, byName);
    byNames.set(names, shape);
    this.#shapeCount++;
    return shape;
  }

  /** The reusable parts of a shape, or `null` when splicing the values would not give the same line. */
  #render(dimension: string, value: string, byName: ReadonlyMap<string, MetricValues>): Shape | null {
    const whole = JSON.stringify(this.blob(0, dimension, value, byName));
    const withoutValues = this.blob(0, dimension, value, new Map());
    for (const name of byName.keys()) if (Object.hasOwn(withoutValues, name) || INDEX_LIKE.test(name)) return null;
    // The names and units stay under `_aws`; only the top-level values are left out.
    const text = JSON.stringify({ ...withoutValues, _aws: (JSON.parse(whole) as { _aws: unknown })._aws });
    const at = text.indexOf(TIMESTAMP);
    const shape: Shape = {
      head: text.slice(0, at + TIMESTAMP.length - 1),
      middle: text.slice(at + TIMESTAMP.length, -1),
      keys: [...byName.keys()].map((name) => `,${JSON.stringify(name)}:`),
    };
    // Checked once per shape: the spliced line must be the whole one.
    return splice(shape, '0', byName) === whole ? shape : null;
  }
}

/** A line of `shape` with its timestamp and values, without the newline. */
function splice(shape: Shape, timestamp: string, byName: ReadonlyMap<string, MetricValues>): string {
  let text = `${shape.head}${timestamp}${shape.middle}`;
  let index = 0;
  for (const values of byName.values()) {
    const count = written(values);
    text += `${shape.keys[index]}${typeof count === 'number' && Number.isFinite(count) ? String(count) : JSON.stringify(count)}`;
    index++;
  }
  return `${text}}`;
}

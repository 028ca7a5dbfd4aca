import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { BridgeMetrics } from './bridge-metrics.js';

/** Default metric namespace in CloudWatch (EMF), used when `POWERTOOLS_METRICS_NAMESPACE` is unset. */
export const METRICS_NAMESPACE = 'CDEventsBridge';

/** The namespace in use: `POWERTOOLS_METRICS_NAMESPACE` when set (validated by `loadConfig`), else {@link METRICS_NAMESPACE}. */
export function metricsNamespace(env: NodeJS.ProcessEnv = process.env): string {
  return env.POWERTOOLS_METRICS_NAMESPACE?.trim() || METRICS_NAMESPACE;
}

/** CloudWatch EMF metrics of one function, dimension `function` = flux|argocd. */
export function createMetrics(functionName: string): Metrics {
  return new BridgeMetrics({
    namespace: metricsNamespace(),
    serviceName: `cdevents-bridge-${functionName}`,
    defaultDimensions: { function: functionName },
  });
}

/**
 * Adds a count metric with one extra dimension. With metrics from {@link createMetrics}, counts are
 * summed and written as one EMF blob per dimension value when the metrics publish (the `logMetrics`
 * middleware does that at the end of every invocation); any other `Metrics` writes a single metric
 * at once.
 */
export function countWithDimension(metrics: Metrics, name: string, dimension: string, value: string, count = 1): void {
  if (metrics instanceof BridgeMetrics) {
    metrics.addDimensionedCount(name, dimension, value, count);
    return;
  }
  const single = metrics.singleMetric();
  single.addDimension(dimension, value);
  single.addMetric(name, MetricUnit.Count, count);
}

/** Powertools' metric units, so callers of this module need no second import for them. */
export { MetricUnit };

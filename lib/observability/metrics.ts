import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';

/** Metric namespace in CloudWatch (EMF). */
export const METRICS_NAMESPACE = 'CDEventsBridge';

/** CloudWatch EMF metrics of one function, dimension `function` = flux|argocd. */
export function createMetrics(functionName: string): Metrics {
  return new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: `cdevents-bridge-${functionName}`,
    defaultDimensions: { function: functionName },
  });
}

/** Adds a count metric with one extra dimension, flushed as its own EMF blob. */
export function countWithDimension(metrics: Metrics, name: string, dimension: string, value: string, count = 1): void {
  const single = metrics.singleMetric();
  single.addDimension(dimension, value);
  single.addMetric(name, MetricUnit.Count, count);
}

export { MetricUnit };

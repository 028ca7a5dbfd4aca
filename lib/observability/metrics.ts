import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';

/** Metric namespace in CloudWatch (EMF). */
export const METRICS_NAMESPACE = 'CDEventsBridge';

/**
 * Metrics that publish only when something was added. A rejected request counts itself in a
 * single metric of its own (see {@link countWithDimension}), leaving the shared buffer empty;
 * Powertools would then warn "No application metrics to publish" on every such request, a line
 * that reads like a failure but is not one.
 */
class MetricsWhenAdded extends Metrics {
  override publishStoredMetrics(): this {
    if (this.hasStoredMetrics()) return super.publishStoredMetrics();
    // What publishing would have cleared, so nothing carries over to the next invocation.
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }
}

/** CloudWatch EMF metrics of one function, dimension `function` = flux|argocd. */
export function createMetrics(functionName: string): Metrics {
  return new MetricsWhenAdded({
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

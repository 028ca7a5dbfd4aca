/**
 * How the senders retry, from their source and docs (../shared/docs/flux.md §3, argocd.md §1,
 * durability.md §2.1), so a test can replay an outage the way they would live through it.
 */
export interface SenderModel {
  name: string;
  /** Waits before each retry, in ms; the number of entries is the number of retries. */
  retryDelaysMs: readonly number[];
  /** One deadline for the whole send (Flux's 15 s Provider timeout); none for Argo CD. */
  overallTimeoutMs?: number;
}

/** Flux notification-controller: up to 4 retries, 2 s·2^n apart, all inside one 15 s timeout. */
export const FLUX_SENDER: SenderModel = { name: 'flux', retryDelaysMs: [2_000, 4_000, 8_000, 16_000], overallTimeoutMs: 15_000 };

/** Argo CD notifications webhook service: 3 retries with 1–5 s waits. */
export const ARGOCD_SENDER: SenderModel = { name: 'argocd', retryDelaysMs: [1_000, 2_000, 4_000] };

/** What one send came to: delivered (a 2xx), or lost, and the longest single answer. */
export interface SendResult {
  delivered: boolean;
  attempts: number;
  slowestAnswerMs: number;
}

/**
 * Sends one notification as `model` would: a non-2xx or a network error is retried after the next
 * wait, unless the overall deadline would pass first; then the notification is lost.
 */
export async function sendLikeSender(model: SenderModel, send: (signal: AbortSignal) => Promise<number>): Promise<SendResult> {
  const started = Date.now();
  const deadline = model.overallTimeoutMs ? started + model.overallTimeoutMs : Number.POSITIVE_INFINITY;
  let slowest = 0;
  for (let attempt = 0; attempt <= model.retryDelaysMs.length; attempt++) {
    const left = deadline - Date.now();
    if (left <= 0) return { delivered: false, attempts: attempt, slowestAnswerMs: slowest };
    const begun = Date.now();
    let status = 0;
    try {
      status = await send(AbortSignal.timeout(Math.min(left, 30_000)));
    } catch {
      status = 0;
    }
    slowest = Math.max(slowest, Date.now() - begun);
    if (status >= 200 && status < 300) return { delivered: true, attempts: attempt + 1, slowestAnswerMs: slowest };
    const wait = model.retryDelaysMs[attempt];
    if (wait === undefined || Date.now() + wait >= deadline) return { delivered: false, attempts: attempt + 1, slowestAnswerMs: slowest };
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return { delivered: false, attempts: model.retryDelaysMs.length + 1, slowestAnswerMs: slowest };
}

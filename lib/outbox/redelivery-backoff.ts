/** Visibility wait after the first failed redelivery, in seconds; doubled on each receive. */
export const FIRST_REDELIVERY_WAIT_SECONDS = 2;

/**
 * How long a message stays invisible after its `receiveCount`-th receive failed: a capped
 * exponential series (2 s, 4 s, 8 s … up to `maxSeconds`) with "equal jitter" (between half and all
 * of the step), so a recovering sink is not hit by every held message at once while the wait stays
 * predictable. With the defaults (cap 900 s, 130 receives before the DLQ) the attempts span about
 * a day: ≈ 17 minutes to reach the cap, then ≈ 121 waits of 675 s on average ≈ 23 h.
 * SQS takes visibility timeouts of 0 to 43,200 s
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html).
 */
export function redeliveryWaitSeconds(receiveCount: number, maxSeconds: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, Math.floor(receiveCount) - 1), 30);
  const ceiling = Math.min(maxSeconds, FIRST_REDELIVERY_WAIT_SECONDS * 2 ** exponent);
  return Math.max(1, Math.min(43_200, Math.ceil(ceiling / 2 + (ceiling / 2) * random())));
}

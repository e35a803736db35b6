import type { DeliveryQueue } from "@herald/queue";
import type { Cap, EndpointSlots } from "./endpoint-slots.js";

// Wakes a waiter a release popped: moves its sleeping (delayed) job back to the queue. The worker
// and the API (after a test send) both wake through here. A waiter popped before it finished
// going to sleep is still running and cannot be promoted; it wakes itself (sleepAsWaiter), so a
// failure here is dropped.
export function wakeWaiter(queue: Pick<DeliveryQueue, "backend">, jobId: string): Promise<void> {
  return queue.backend.promote(jobId).catch(() => undefined);
}

// Puts a job refused by a full cap to sleep until `untilMs` or until a released slot wakes it.
// The refusal queued it on the cap's waiter list before it was asleep: a releaser that popped it
// in between could not wake it. So once asleep it looks whether it is still on the list, and if
// it was popped meanwhile it wakes itself, instead of sleeping to its fallback time with the
// freed slot unused. (Popped after it fell asleep, both wake it: the second promote is a no-op.)
export async function sleepAsWaiter(
  job: { id?: string; moveToDelayed(timestamp: number, token?: string): Promise<void> },
  token: string | undefined,
  untilMs: number,
  waiting: { slots: EndpointSlots; cap: Cap; wake: (jobId: string) => Promise<void> },
): Promise<void> {
  await job.moveToDelayed(untilMs, token);
  if (!job.id) return;
  // If Redis cannot say, the job sleeps to its fallback time as before.
  const stillWaiting = await waiting.slots.isWaiting(waiting.cap, job.id).catch(() => true);
  if (!stillWaiting) await waiting.wake(job.id);
}

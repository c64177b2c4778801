import pRetry from "p-retry";

export async function notify(url: string) {
  // ruleid: RC307
  await pRetry(() => fetch(url, { signal: AbortSignal.timeout(5000) }), { retries: Infinity });
  // ok: RC307
  await pRetry(() => fetch(url, { signal: AbortSignal.timeout(5000) }), { retries: 5 });
  // ruleid: RC307
  while (true) {
    try {
      await fetch(url, { method: "POST", signal: AbortSignal.timeout(5000) });
      return;
    } catch (err) {
      console.error(err);
    }
  }
}

export async function notify(send: (to: string) => Promise<void>, to: string) {
  try {
    await send(to);
    // ruleid: RC603
  } catch {}
  try {
    await send(to);
    // ok: RC603
  } catch (error) {
    console.error("send failed", error);
  }
  // ruleid: RC603
  send(to).catch(() => {});
  // ok: RC603
  send(to).catch((error) => console.error(error));
}

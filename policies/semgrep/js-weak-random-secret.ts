export function newInvite() {
  // ruleid: js-weak-random-for-secret
  const inviteToken = Math.random().toString(36).slice(2);
  // ok: js-weak-random-for-secret
  const jitterMs = Math.random() * 1000;
  // ok: js-weak-random-for-secret
  const resetToken = crypto.randomUUID();
  return { inviteToken, jitterMs, resetToken };
}

export function handle(req: { body: unknown }, apiKey: string, hasPassword: boolean) {
  // ruleid: RC604
  console.log(req.body);
  // ruleid: RC604
  console.log({ apiKey });
  // ok: RC604
  console.log("has password:", hasPassword);
  // ok: RC604
  console.info(process.env.NODE_ENV);
  // ruleid: RC604
  console.log(process.env);
}

export function init(config: { password?: string }) {
  // ok: RC604
  console.info({ hasPassword: !!config.password, length: config.password?.length });
}

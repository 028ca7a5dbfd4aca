/** An AWS SDK v3 client as the bridge uses it: only `send`. */
export type SdkSender<Client extends { send: unknown }> = Pick<Client, 'send'>;

/** A value computed on the first call and shared by every later one (a failure is retried on the next call). */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/**
 * A client that is built, with its SDK package, on its first `send`. Building it at cold start
 * instead cost about 5 MiB of RSS per SDK package even in configurations that never call AWS
 * (21 MiB for the four the bundle holds), so each package is evaluated only when used.
 */
export function lazyClient<Client extends { send: (...args: never[]) => Promise<unknown> }>(create: () => Promise<Client>): SdkSender<Client> {
  const client = once(create);
  const send = async (...args: never[]): Promise<unknown> => {
    const built = await client();
    return Reflect.apply(built.send, built, args);
  };
  return { send } as SdkSender<Client>;
}

// The one bounded pool: work over a list with at most `limit` items in flight (the pages of a
// list read, live conversation tests, environments of one run). Hand-written rather than p-map:
// after a failure it waits for the running items before it throws, so nothing is left running
// behind a caller that has moved on (a receiver closed under a pending conversation).

/**
 * `fn` over `inputs` with at most `limit` running at once; results in input order. After a failure
 * no new call starts; the ones running are awaited, then the first error is thrown.
 */
export async function mapBounded<I, O>(
  inputs: readonly I[],
  limit: number,
  fn: (input: I) => Promise<O>,
): Promise<O[]> {
  const results = new Array<O>(inputs.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < inputs.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await fn(inputs[index] as I);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}

/** Maps over items with at most `limit` calls in flight; results keep the input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, action: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await action(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

/** Like mapLimited, but yields each result as soon as it is ready (completion order). */
export async function* mapLimitedAsCompleted<T, R>(items: readonly T[], limit: number, action: (item: T) => Promise<R>): AsyncGenerator<R> {
  const inFlight = new Map<number, Promise<{ id: number; value: R }>>();
  let next = 0;
  const launch = () => {
    const id = next++;
    inFlight.set(id, action(items[id] as T).then((value) => ({ id, value })));
  };
  while (next < items.length && inFlight.size < Math.max(1, limit)) launch();
  while (inFlight.size > 0) {
    const { id, value } = await Promise.race(inFlight.values());
    inFlight.delete(id);
    if (next < items.length) launch();
    yield value;
  }
}

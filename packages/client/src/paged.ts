import { PageRequest } from "./pages.js";
import type { RequestInput, Transport } from "./transport.js";
import type { Data, OperationId, Page, PageMeta } from "./types.js";

type Item<K extends OperationId> = Data<K> extends (infer T)[] ? T : never;

// A list operation as a PageRequest: its query's cursor is where the pages start.
export function paged<K extends OperationId>(
  call: Transport,
  operationId: K,
  query: { cursor?: string | undefined } = {},
  input: Omit<RequestInput, "query"> = {},
): PageRequest<Item<K>> {
  const { cursor: first, ...rest } = query;
  return new PageRequest(async (cursor) => {
    const page = await call(operationId, {
      ...input,
      query: cursor === undefined ? rest : { ...rest, cursor },
    });
    return page as unknown as Page<Item<K>> & { meta: PageMeta };
  }, first);
}

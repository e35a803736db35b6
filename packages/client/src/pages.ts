import type { Page } from "./types.js";

export type PageFetcher<T> = (cursor: string | undefined) => Promise<Page<T>>;

// What a list method returns: await it for one page, or iterate it with `for await` for every item of
// that page and the pages after it (following meta.next_cursor), fetched as the loop goes.
export class PageRequest<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  constructor(
    private readonly fetchPage: PageFetcher<T>,
    private readonly cursor?: string,
  ) {}

  // biome-ignore lint/suspicious/noThenProperty: awaiting a list call gives its first page
  then<A = Page<T>, B = never>(
    onFulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.fetchPage(this.cursor).then(onFulfilled, onRejected);
  }

  // Every page in turn, this one first.
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let cursor = this.cursor;
    do {
      const page = await this.fetchPage(cursor);
      yield page;
      cursor = page.meta.next_cursor ?? undefined;
    } while (cursor !== undefined);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }
}

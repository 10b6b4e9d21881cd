/**
 * Values by doc number, made a page at a time (issue 12). `new Array(100_000)` costs 2–7 ms in V8 (its holes are
 * written one by one), and a search over the base made two of them at open: ~10 ms of a cold popup's wait between the
 * base's arrival and its quick answer, for docs it mostly never reads. Here only the pages holding a doc that was
 * set are made (a listing of every paper makes them all, 64 docs each).
 */
const PAGE_BITS = 6;
const PAGE = 1 << PAGE_BITS;

export class Slots<T> {
  private readonly pages: ((T | undefined)[] | undefined)[];

  constructor(readonly size: number) {
    this.pages = new Array(Math.ceil(size / PAGE));
  }

  get(d: number): T | undefined {
    return this.pages[d >> PAGE_BITS]?.[d & (PAGE - 1)];
  }

  set(d: number, value: T): void {
    const k = d >> PAGE_BITS;
    let page = this.pages[k];
    if (!page) {
      page = new Array(PAGE);
      this.pages[k] = page;
    }
    page[d & (PAGE - 1)] = value;
  }
}

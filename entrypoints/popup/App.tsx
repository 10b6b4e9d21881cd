import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FilterChips } from '../../components/FilterChips';
import { type ResultGroup, ResultList } from '../../components/ResultList';
import { SiteAccess } from '../../components/SiteAccess';
import { type ForYouAsk, useForYou } from '../../lib/library/foryou-view';
import { askOver, heldFirst } from '../../lib/library/held-reads';
import { startReading, useLibrary, useSearch } from '../../lib/library/hooks';
import { sharedIndexDb } from '../../lib/library/index-db';
import { createClient, type Envelope } from '../../lib/library/messages';
import { notSaved, withStar } from '../../lib/library/optimistic';
import { requestPageEntries } from '../../lib/library/page-protocol';
import type { ChangeEvent } from '../../lib/library/reader';
import { HEAD_SHOW, type SnapEntry, toSnapEntry } from '../../lib/library/schema';
import { onFeedHost, sitePattern } from '../../lib/library/site-access';
import { paperHref } from '../../lib/paper/links';
import { tagChange } from '../../lib/paper/merge';
import { createSearch, docFromSnap } from '../../lib/search/index';

const SCRIPT_START = performance.now();
const call = createClient((m: Envelope) => browser.runtime.sendMessage(m));
const FOR_YOU: ForYouAsk = {
  scores: (ids) => call('forYouScores', { ids }),
  similar: (id) => call('similarPapers', { id }),
};
/** What the popup and the library page read through (lib/library/hooks.ts): storage, the index, changes. */
const READ_ENV = {
  // Raced with the background's answer from what it holds as stored (after a restart this page's own reads may wait
  // seconds behind the session's first write: lib/library/held-reads.ts).
  storage: heldFirst(
    browser.storage.local,
    askOver((m) => browser.runtime.sendMessage(m)),
  ),
  db: sharedIndexDb(),
  onChanged: browser.storage.onChanged as unknown as ChangeEvent,
  repair: () => call('repair', {}),
  repairIndex: (build: string) => call('repairIndex', { build }),
};
/** Reading starts with the script, not with the first render. */
const READING = startReading(READ_ENV);
// When the first result row reached the screen (Element Timing: rows carry `elementtiming`), read by the e2e runs
// beside the after-frame mark below; the toolbar popup can be timed no other way. Chromium only.
if (PerformanceObserver.supportedEntryTypes?.includes('element')) {
  const painted = new PerformanceObserver((list) => {
    const first = list.getEntries()[0] as (PerformanceEntry & { renderTime?: number }) | undefined;
    const grid = document.querySelector('[role="grid"]');
    if (!first || !grid) return;
    grid.setAttribute('data-first-painted-ms', (first.renderTime || first.startTime).toFixed(1));
    painted.disconnect();
  });
  painted.observe({ type: 'element', buffered: true });
}

/** Before the index is open, a query typed already searches the head (the first papers). */
function headSearch(head: SnapEntry[], query: string): SnapEntry[] {
  return createSearch(head, docFromSnap)
    .search(query, { limit: HEAD_SHOW })
    .map((h) => h.item);
}

/** The tab the popup is about: popup.html?tab=<id> names it (the popup opened as a page, as the e2e tests do),
 * else the active tab (its URL is visible to the toolbar popup through activeTab). */
async function activeTab(): Promise<{ id: number; url?: string } | undefined> {
  const named = Number(new URLSearchParams(location.search).get('tab'));
  const tab =
    Number.isInteger(named) && named > 0
      ? await browser.tabs.get(named)
      : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  return tab?.id === undefined ? undefined : { id: tab.id, url: tab.url };
}

/** The ids of the papers on a tab, from its content script (none when the tab is not a feed). */
async function pageIds(tabId: number): Promise<string[]> {
  return requestPageEntries((m) => browser.tabs.sendMessage(tabId, m) as Promise<unknown>);
}

interface Site {
  pattern: string;
  host: string;
  granted: boolean;
}

/** The active tab's site when it is an http(s) site other than the supported feeds. */
async function siteOf(url: string | undefined): Promise<Site | undefined> {
  const pattern = sitePattern(url);
  if (!url || !pattern || onFeedHost(url)) return undefined;
  const granted = await browser.permissions.contains({ origins: [pattern] });
  return { pattern, host: new URL(url).hostname, granted };
}

interface AppProps {
  /** The full-page library rather than the popup. */
  page?: boolean;
  /** Extra tools under the search (the library page's export and import), given the current results. */
  tools?: (results: string[], tags: string[]) => preact.ComponentChildren;
}

export function App({ page = false, tools }: AppProps) {
  const lib = useLibrary(READING, { abstracts: 'after-paint' });
  const { index } = lib;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const [editing, setEditing] = useState<string>();
  const [status, setStatus] = useState('');
  const [onPage, setOnPage] = useState<string[]>([]);
  const [site, setSite] = useState<Site>();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    if (page) return;
    let live = true;
    activeTab()
      .then(async (tab) => {
        if (!tab) return;
        const [ids, s] = await Promise.all([pageIds(tab.id), siteOf(tab.url)]);
        if (!live) return;
        setOnPage(ids);
        setSite(s);
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);

  // An empty query lists the first papers (the head's 50); beyond them, the search box or the library page.
  // A text query shows its best 50 (Fuse.js ranks 80 candidates either way).
  const limit = 50;
  const [pageRead, setPageRead] = useState(0);
  useEffect(() => {
    // The page's papers are shown first: read their entries if the index has not yet.
    if (index && onPage.length) void index.load(onPage).then(() => setPageRead((v) => v + 1));
  }, [index, onPage]);
  const searched = useSearch(lib, query, limit, headSearch).hits;
  const { hits, note: forYouNote } = useForYou(query, searched, (id) => index?.get(id), FOR_YOU);
  const groups: ResultGroup[] = useMemo(() => {
    // Results carry the live entry: a star made a moment ago (even before it is stored) shows at once.
    const fresh = hits.map((h) => ({ paper: lib.show(h.item), titleMatches: h.titleMatches }));
    if (!index || !onPage.length) return [{ label: 'Library', items: fresh }];
    const here = new Set(onPage);
    // With no query, every paper of the page comes first, in page order; with a query, the page's matches do.
    const pageItems = query.trim()
      ? fresh.filter((r) => here.has(r.paper.id))
      : onPage.flatMap((id) => {
          const paper = index.get(id);
          return paper ? [{ paper: lib.show(paper), titleMatches: [] as [number, number][] }] : [];
        });
    const rest = fresh.filter((r) => !here.has(r.paper.id));
    // A group with nothing in it has no heading (every match on this page: no empty "Library").
    return [
      pageItems.length ? { label: 'On this page', items: pageItems, headed: true } : undefined,
      rest.length || !pageItems.length ? { label: 'Library', items: rest } : undefined,
    ].filter((g): g is ResultGroup => !!g);
  }, [hits, onPage, index, lib.rev, lib.pending, query, pageRead]);
  const flat = groups.flatMap((g) => g.items.map((i) => i.paper));
  const count = flat.length;

  useEffect(() => {
    // How long the popup took to show its first results, and when each new top result appeared (read by the e2e
    // run), from navigation start and from the moment this script started.
    const el = list.current;
    if (!el) return;
    if (count > 0 && !el.dataset.firstResultsMs) {
      el.dataset.firstResultsMs = performance.now().toFixed(1);
      el.dataset.sinceScriptMs = (performance.now() - SCRIPT_START).toFixed(1);
    }
    const top = flat[0]?.id ?? '';
    if (el.dataset.topId !== top) {
      el.dataset.topId = top;
      el.dataset.topMs = performance.now().toFixed(1);
    }
  });
  useEffect(() => {
    if (!index) return;
    // When search over the whole library became ready, and how (read by the e2e run).
    document.documentElement.dataset.indexReadyMs = performance.now().toFixed(1);
    document.documentElement.dataset.indexSource = index.source.kind;
  }, [index]);

  const allTags = useMemo(() => (index ? index.tags().map((t) => t.tag) : []), [index, lib.rev]);
  const sites = useMemo(() => (index ? index.sites() : []), [index, lib.rev]);

  const toggleStar = (p: SnapEntry) => {
    const starred = !p.starred;
    lib
      .optimistic(withStar(p, starred), () => call('setStarred', { id: p.id, starred }), toSnapEntry)
      .then(() => setStatus(starred ? `Starred: ${p.title}` : `Unstarred: ${p.title}`))
      .catch((e: unknown) => setStatus(notSaved('star', e)));
  };
  const setTags = (p: SnapEntry, tags: string[]) => {
    lib
      .optimistic({ ...p, tags }, () => call('changeTags', { id: p.id, ...tagChange(p.tags, tags) }), toSnapEntry)
      .catch((e: unknown) => setStatus(notSaved('tags', e)));
  };
  const open = (p: SnapEntry, background: boolean) => {
    // Only a web link opens (a data: or javascript: link from an old record never does).
    const url = paperHref(p);
    if (url) browser.tabs.create({ url, active: !background }).catch(() => {});
    if (!background) window.close();
  };
  const copyBibtex = async (p: SnapEntry) => {
    try {
      const full = await call('getPaper', { id: p.id });
      // The BibTeX writer is a lazy chunk: the popup's first paint does not load it.
      const { bibtexEntry } = await import('../../lib/export/bibtex');
      await navigator.clipboard.writeText(bibtexEntry(full ?? { ...p, sightings: [] }));
      setStatus(`BibTeX copied: ${p.title}`);
    } catch (e) {
      setStatus(`Could not copy: ${(e as Error).message}`);
    }
  };

  /** "Complete metadata" for one paper (the setting is on): what it got, or why not, in the status line. */
  const complete = async (p: SnapEntry) => {
    setStatus(`Completing metadata: ${p.title}…`);
    try {
      const r = await call('completeMetadata', { ids: [p.id] });
      setStatus(r.results[0]?.notes.join(' ') ?? 'Nothing to complete.');
    } catch (e) {
      setStatus(`Complete metadata failed: ${(e as Error).message}`);
    }
  };

  const onQuery = (q: string) => {
    setQuery(q);
    setActive(q.trim() ? 0 : -1);
    // Back to the box from a chip or the list; typing in it needs nothing (focus() lays the page out first: 13 ms
    // of a keystroke while the popup opens, traced).
    if (document.activeElement !== input.current) input.current?.focus();
  };

  const onInputKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' && count) {
      e.preventDefault();
      // Into the results at the row already chosen (typing pre-selects the first): ↓ never skips it.
      setActive((a) => Math.max(0, Math.min(count - 1, a)));
      list.current?.focus();
    } else if (e.key === 'Enter' && count) {
      e.preventDefault();
      open(flat[Math.max(0, active)] as SnapEntry, e.ctrlKey || e.metaKey);
    } else if (e.key === 'Escape' && query) {
      e.preventDefault();
      onQuery('');
    }
  };

  const onListKey = (e: KeyboardEvent) => {
    const current = flat[active];
    if (e.key === 'ArrowDown') setActive((a) => Math.min(count - 1, a + 1));
    else if (e.key === 'ArrowUp') {
      if (active <= 0) input.current?.focus();
      else setActive(active - 1);
    } else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(count - 1);
    else if (e.key === 'Enter' && current) open(current, e.ctrlKey || e.metaKey);
    else if (e.key === 's' && current) toggleStar(current);
    else if (e.key === 't' && current) setEditing(current.id);
    else if (e.key === 'c' && current) void copyBibtex(current);
    else if (e.key === 'm' && current && lib.settings?.completeMetadata) void complete(current);
    else if (e.key === 'l' && current && lib.settings?.forYou) onQuery(`like:${current.id}`);
    else if (e.key === 'Escape') onQuery('');
    else return;
    e.preventDefault();
  };

  // The permission prompt needs the click: request() is the handler's first call. The background starts the overlay
  // in the site's open tabs when the grant arrives (permissions.onAdded), even if the popup has closed by then.
  const grantSite = () => {
    if (!site) return;
    browser.permissions
      .request({ origins: [site.pattern] })
      .then((granted) => {
        setSite({ ...site, granted });
        setStatus(granted ? `PaperShelf now reads paper links on ${site.host}.` : 'Not granted.');
      })
      .catch((e: unknown) => setStatus(`Could not ask for ${site.host}: ${String(e)}`));
  };
  const revokeSite = () => {
    if (!site) return;
    browser.permissions
      .remove({ origins: [site.pattern] })
      .then((removed) => {
        setSite({ ...site, granted: !removed });
        setStatus(removed ? `PaperShelf stops on ${site.host} from its next page load.` : '');
      })
      .catch((e: unknown) => setStatus(`Could not remove ${site.host}: ${String(e)}`));
  };

  return (
    <main class="ps-popup">
      <header class="ps-header">
        <h1>PaperShelf</h1>
        <span class="ps-count">
          {index ? `${index.size} papers` : 'Loading…'}
          {!page && (
            <>
              {' · '}
              <a href={browser.runtime.getURL('/library.html')} target="_blank" rel="noreferrer">
                Open library
              </a>
            </>
          )}
        </span>
      </header>
      <input
        ref={input}
        class="ps-search"
        type="search"
        // biome-ignore lint/a11y/noAutofocus: the popup exists to be typed into
        autoFocus
        role="combobox"
        aria-haspopup="grid"
        aria-expanded={count > 0}
        aria-controls="ps-results"
        aria-activedescendant={
          active >= 0 && document.activeElement === input.current ? `ps-result-${active}` : undefined
        }
        aria-label="Search papers"
        placeholder="Search title, author, tag, abstract…  (is:starred tag: site: year:)"
        value={query}
        onInput={(e) => onQuery((e.target as HTMLInputElement).value)}
        onKeyDown={onInputKey}
      />
      {site && <SiteAccess host={site.host} granted={site.granted} onGrant={grantSite} onRevoke={revokeSite} />}
      <FilterChips query={query} tags={allTags} sites={sites} onQuery={onQuery} />
      {tools?.(
        flat.map((p) => p.id),
        allTags,
      )}
      {lib.readOnly && (
        <p class="ps-notice" role="alert">
          {lib.readOnly}
        </p>
      )}
      <p class="ps-status" aria-live="polite">
        {forYouNote ?? status}
      </p>
      {index && count === 0 && (
        <p class="ps-empty">
          {index.size || lib.head?.length
            ? 'No paper matches.'
            : 'No papers yet. Open a feed (Hugging Face daily papers, an arXiv listing, Google Scholar): PaperShelf remembers what you see there. Or import a backup or BibTeX file in the library page.'}
        </p>
      )}
      {count > 0 && (
        <ResultList
          groups={groups}
          tagColors={lib.settings?.tagColors}
          active={active}
          editing={editing}
          suggestions={allTags}
          listRef={list}
          onActive={setActive}
          onToggleStar={toggleStar}
          onOpen={open}
          onSetTags={setTags}
          onCloseEditor={() => {
            setEditing(undefined);
            list.current?.focus();
          }}
          onEditTags={(p) => setEditing(p.id)}
          onComplete={lib.settings?.completeMetadata ? complete : undefined}
          onSimilar={lib.settings?.forYou ? (p) => onQuery(`like:${p.id}`) : undefined}
          onKeyDown={onListKey}
        />
      )}
    </main>
  );
}

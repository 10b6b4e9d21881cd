/**
 * The library page (also the options page): the table of every paper with the popup's query box and operators,
 * bulk actions, a paper's details, tag management, settings, and export/import. Reads through the shared read
 * side (lib/library/hooks.ts); every change is a message to the background.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BulkBar } from '../../components/BulkBar';
import { formatCount } from '../../components/count';
import { FilterChips } from '../../components/FilterChips';
import { PaperDetail } from '../../components/PaperDetail';
import { PaperTable } from '../../components/PaperTable';
import { SettingsPanel } from '../../components/SettingsPanel';
import { useStatusLine } from '../../components/status-line';
import { TagsPanel } from '../../components/TagsPanel';
import { S2_ORIGIN } from '../../lib/enrich/s2-api';
import { type ForYouAsk, useForYou } from '../../lib/library/foryou-view';
import { askOver, heldFirst } from '../../lib/library/held-reads';
import { startReading, useLibrary, useSearch } from '../../lib/library/hooks';
import { sharedIndexDb } from '../../lib/library/index-db';
import { createClient, type Envelope } from '../../lib/library/messages';
import { notSaved, withStar } from '../../lib/library/optimistic';
import type { ChangeEvent } from '../../lib/library/reader';
import { type SnapEntry, toSnapEntry } from '../../lib/library/schema';
import type { Settings } from '../../lib/library/settings';
import { userSites } from '../../lib/library/site-access';
import type { Sort } from '../../lib/library/sort';
import { tagChange } from '../../lib/paper/merge';
import type { Paper } from '../../lib/paper/types';
import { hasText, parseQuery, tagOperator } from '../../lib/search/query';
import { SITES } from '../../lib/sites/registry';
import { type Sorting, useSorted } from './sort-ahead';
import { Tools } from './Tools';

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
/** While the index opens, the table shows the head; a query searches it only once the index is there. */
const headSearch = (): SnapEntry[] => [];

const call = createClient((m: Envelope) => browser.runtime.sendMessage(m));
const FOR_YOU: ForYouAsk = {
  scores: (ids) => call('forYouScores', { ids }),
  similar: (id) => call('similarPapers', { id }),
};

/** Strings through browser.i18n (public/_locales); the English text is the fallback. */
const FALLBACK: Record<string, string> = {
  tabPapers: 'Papers',
  tabTags: 'Tags',
  tabSettings: 'Settings',
  tabExport: 'Export & import',
  selectedCount: '$1 selected',
  selectAllMatching: 'Select all $1 matching',
  bulkStar: 'Star',
  bulkUnstar: 'Unstar',
  bulkAddTag: 'Add tag',
  bulkRemoveTag: 'Remove tag',
  bulkDelete: 'Delete',
  bulkExport: 'Export',
  undo: 'Undo',
  clearSelection: 'Clear selection',
};
function t(key: string, sub?: string): string {
  const getMessage = browser.i18n.getMessage as (k: string, s?: string) => string;
  return getMessage(key, sub) || (FALLBACK[key] ?? key).replace('$1', sub ?? '');
}

type Tab = 'papers' | 'tags' | 'settings' | 'export';
const TABS: { id: Tab; key: string }[] = [
  { id: 'papers', key: 'tabPapers' },
  { id: 'tags', key: 'tabTags' },
  { id: 'settings', key: 'tabSettings' },
  { id: 'export', key: 'tabExport' },
];
/** The sites the overlay runs on by default (lib/sites/registry.ts), each with its on/off setting. */
const FEED_SITES = SITES.map((s) => ({ name: s.site, label: s.label }));
/** Matches shown in the table for a text query, ranked (select-all takes every match; filters alone show all). */
const SHOWN = 2_000;

export function LibraryApp() {
  const lib = useLibrary(READING, { abstracts: 'on-demand', blocks: 'all' });
  const { index, settings, canUndo, syncStatus } = lib;
  const [query, setQuery] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  // The column order and, when the index stores it, its ranks (read before the order shows: ~5 ms, against a
  // ~150 ms comparator sort of 100,000 rows).
  // The ranks belong to the index they were read from (its base's doc numbers): another index sorts by value until
  // its own are read.
  const [sorting, setSorting] = useState<Sorting>();
  const sort = sorting?.sort;
  const sortBy = (next: Sort) => {
    const of = index;
    const ranks = of ? of.sortRanks(next.key).catch(() => undefined) : Promise.resolve(undefined);
    void ranks.then((ranked) => setSorting({ sort: next, ranked, of }));
  };
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [current, setCurrent] = useState<string>();
  const [detail, setDetail] = useState<Paper>();
  const [tab, setTab] = useState<Tab>('papers');
  const { text: status, undoable, say } = useStatusLine();
  const [bytes, setBytes] = useState<number | 'measuring'>();
  const [grantedSites, setGrantedSites] = useState<string[]>([]);
  const [s2Allowed, setS2Allowed] = useState(false);
  const lastToggled = useRef<string>();

  useEffect(() => {
    // Measured when Settings is first shown, not at open: the first getBytesInUse(null) after a browser start reads
    // the whole of storage.local (5.7 s at 100,000 papers here), and every storage read and write of the extension
    // (a popup's first rows, a star, a feed's sightings) waits behind it.
    if (tab !== 'settings' || bytes !== undefined) return;
    const usage = browser.storage.local as unknown as { getBytesInUse?: (keys: null) => Promise<number> };
    if (!usage.getBytesInUse) return;
    setBytes('measuring');
    usage
      .getBytesInUse(null)
      .then((n) => setBytes(n))
      .catch(() => setBytes(undefined));
  }, [tab]);
  useEffect(() => {
    let live = true;
    browser.permissions.getAll().then((p) => {
      if (!live) return;
      setGrantedSites(userSites(p.origins ?? []));
      setS2Allowed((p.origins ?? []).includes(S2_ORIGIN));
    });
    return () => {
      live = false;
    };
  }, []);

  // The same search as the popup. Abstracts' postings are read from the first text query on: a table of 100,000
  // papers paints and scrolls without them.
  const textQuery = useMemo(() => hasText(parseQuery(query)), [query]);
  useEffect(() => {
    if (textQuery) lib.wantAbstracts();
  }, [textQuery, index]);
  const limit = textQuery ? SHOWN : 1_000_000;
  const searched = useSearch(lib, query, limit, headSearch).hits;
  const { hits, note: forYouNote } = useForYou(query, searched, (id) => index?.get(id), FOR_YOU);
  // The matches, and each one's base doc as the search knew it (-1: none): a sort places them by stored rank without
  // looking each paper up.
  const [matches, matchDocs] = useMemo(() => {
    const items: SnapEntry[] = new Array(hits.length);
    const docs = new Int32Array(hits.length);
    hits.forEach((h, i) => {
      items[i] = h.item;
      docs[i] = h.doc ?? -1;
    });
    return [items, docs] as const;
  }, [hits]);
  // A column's order: worked out ahead, when idle, once the table lists every paper (./sort-ahead.ts).
  const listedAll = !!index && !query && matches.length === index.size;
  const sorted = useSorted(matches, matchDocs, sorting, index, listedAll);
  // A change made here shows at once (before it is stored): only pending papers are looked up again.
  const rows = useMemo(
    () => (lib.pending.size ? sorted.map((p) => lib.pending.get(p.id) ?? p) : sorted),
    [sorted, lib.pending],
  );
  useEffect(() => {
    // When the first rows were painted (read by the e2e run).
    const root = document.documentElement;
    if (rows.length && !root.dataset.firstRowsMs) root.dataset.firstRowsMs = performance.now().toFixed(1);
  }, [rows]);
  const tags = useMemo(() => index?.tags() ?? [], [index, lib.rev]);
  const allTags = useMemo(() => tags.map((x) => x.tag).sort(), [tags]);
  const sites = useMemo(() => index?.sites() ?? [], [index, lib.rev]);
  useEffect(() => {
    if (!index) return;
    // When search over the whole library became ready, and how (read by the e2e run).
    document.documentElement.dataset.indexReadyMs = performance.now().toFixed(1);
    document.documentElement.dataset.indexSource = index.source.kind;
  }, [index]);

  // The detail panel follows the stored paper (a change from anywhere shows at once).
  useEffect(() => {
    if (!current) {
      setDetail(undefined);
      return;
    }
    call('getPaper', { id: current })
      .then((p) => setDetail(p ?? undefined))
      .catch(() => setDetail(undefined));
  }, [current, index?.get(current ?? '')]);

  /** Runs a change and says how it went; `fn` may answer [message, whether Undo reverses it]. */
  const run = async (what: string, fn: () => Promise<string | [string, boolean]>) => {
    try {
      const answer = await fn();
      const [message, offersUndo] = typeof answer === 'string' ? [answer, false] : answer;
      say(message, offersUndo);
    } catch (e) {
      say(`${what} failed: ${(e as Error).message}`);
    }
  };
  const ids = () => [...selected];
  /** "Complete metadata" (issue 15): what each paper got, or why not, in the status line. */
  const complete = (payload: { ids: string[] } | { starred: true }) =>
    run('Complete metadata', async () => {
      say('Completing metadata… (one request a second, as the sources ask)');
      const r = await call('completeMetadata', payload);
      if (current) {
        const fresh = await call('getPaper', { id: current });
        if (fresh) setDetail(fresh);
      }
      if ('ids' in payload) return r.results[0]?.notes.join(' ') ?? 'Nothing to complete.';
      const changed = r.results.filter((x) => x.changed).length;
      const problem = r.results
        .flatMap((x) => x.notes)
        .find((n) => /nothing was changed|not allowed|Not looked up/.test(n));
      return `Completed ${changed} of ${r.results.length} starred papers.${problem ? ` ${problem}` : ''}`;
    });
  /** Semantic Scholar's host, asked from this click (the browser's own prompt), or given back. */
  const onAllowS2 = (allow: boolean) => {
    const asked = allow
      ? browser.permissions.request({ origins: [S2_ORIGIN] })
      : browser.permissions.remove({ origins: [S2_ORIGIN] });
    asked.then((done) => setS2Allowed(allow ? done : !done)).catch(() => {});
  };

  const onSelect = (id: string, on: boolean, range: boolean) => {
    const next = new Set(selected);
    const from = lastToggled.current ? rows.findIndex((r) => r.id === lastToggled.current) : -1;
    const to = rows.findIndex((r) => r.id === id);
    if (range && from >= 0 && to >= 0) {
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        const rid = (rows[i] as SnapEntry).id;
        if (on) next.add(rid);
        else next.delete(rid);
      }
    } else if (on) next.add(id);
    else next.delete(id);
    lastToggled.current = id;
    setSelected(next);
  };
  const selectAll = () => {
    // Every match, not only the rows shown: a broad text query may match more than SHOWN.
    if (!textQuery || !index) {
      setSelected(new Set(matches.map((p) => p.id)));
      return;
    }
    void index.searchAsync(query, { limit: 1_000_000 }).then((all) => setSelected(new Set(all.map((h) => h.item.id))));
  };
  // How many match in all (the table shows at most SHOWN ranked ones): a listing's own length, in the same render;
  // a broad text query's full count once per query, not per render.
  const [counted, setCounted] = useState<{ query: string; n: number }>();
  useEffect(() => {
    if (!textQuery || matches.length < SHOWN || !index) return;
    let live = true;
    void index.searchAsync(query, { limit: 1_000_000 }).then((all) => live && setCounted({ query, n: all.length }));
    return () => {
      live = false;
    };
  }, [index, query, matches]);
  const total = textQuery && counted?.query === query ? counted.n : matches.length;
  const toggleStar = (p: SnapEntry) => {
    const starred = !p.starred;
    lib
      .optimistic(withStar(p, starred), () => call('setStarred', { id: p.id, starred }), toSnapEntry)
      .catch((e: unknown) => say(notSaved('star', e)));
  };

  const onChangeSettings = (patch: Partial<Omit<Settings, 'v'>>) =>
    run('Saving settings', async () => {
      await call('setSettings', { patch });
      return 'Settings saved.';
    });

  return (
    <main class="ps-library">
      <header class="ps-header">
        <h1>PaperShelf</h1>
        <span class="ps-count">{index ? `${formatCount(index.size)} papers` : 'Loading…'}</span>
      </header>
      <div class="ps-tabs" role="tablist" aria-label="Library">
        {TABS.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            id={`ps-tab-${x.id}`}
            aria-selected={tab === x.id}
            aria-controls={`ps-panel-${x.id}`}
            onClick={() => setTab(x.id)}
          >
            {t(x.key)}
          </button>
        ))}
      </div>
      {lib.readOnly && (
        <p class="ps-notice" role="alert">
          {lib.readOnly}
        </p>
      )}
      <p class="ps-status" aria-live="polite">
        {status}
        {status && undoable && canUndo && (
          <>
            {' '}
            <button
              type="button"
              onClick={() =>
                run('Undo', async () => {
                  const r = await call('undo', {});
                  return `Undone: ${r.restored} papers restored, ${r.removed} removed.`;
                })
              }
            >
              Undo
            </button>
          </>
        )}
      </p>
      {tab === 'papers' && (
        <section id="ps-panel-papers" role="tabpanel" aria-labelledby="ps-tab-papers" class="ps-papers">
          <input
            class="ps-search"
            type="search"
            aria-label="Search papers"
            placeholder="Search title, author, tag, abstract…  (is:starred tag: site: year: after: before:)"
            value={query}
            onInput={(e) => {
              setQuery((e.target as HTMLInputElement).value);
              setSelected(new Set());
            }}
          />
          <FilterChips query={query} tags={allTags} sites={sites} onQuery={setQuery} />
          {forYouNote && (
            <p class="ps-status" role="status">
              {forYouNote}
            </p>
          )}
          <BulkBar
            t={t}
            tags={allTags}
            selected={selected.size}
            matching={total}
            canUndo={canUndo}
            onSelectAll={selectAll}
            onClear={() => setSelected(new Set())}
            onStar={(on) =>
              run('Star', async () => {
                const r = await call('bulkUpdate', { ids: ids(), change: { starred: on } });
                return `${on ? 'Starred' : 'Unstarred'} ${r.changed} papers.`;
              })
            }
            onTag={(tag, add) =>
              run('Tag', async () => {
                const change = add ? { addTags: [tag] } : { removeTags: [tag] };
                const r = await call('bulkUpdate', { ids: ids(), change });
                return `${add ? 'Tagged' : 'Untagged'} ${r.changed} papers “${tag}”.`;
              })
            }
            onDelete={() =>
              run('Delete', async () => {
                const r = await call('deletePapers', { ids: ids() });
                setSelected(new Set());
                return r.undo
                  ? [`Deleted ${r.deleted} papers.`, true]
                  : `Deleted ${r.deleted} papers (too many to keep a copy for Undo).`;
              })
            }
            onExport={() => setTab('export')}
            onUndo={() =>
              run('Undo', async () => {
                const r = await call('undo', {});
                return `Undone: ${r.restored} papers restored, ${r.removed} removed.`;
              })
            }
          />
          {index && index.size === 0 && (
            <div class="ps-empty">
              <p>
                No papers yet. Open a feed — Hugging Face daily papers, an arXiv listing, Google Scholar — and
                PaperShelf remembers every paper you see there; star and tag them right on the page.
              </p>
              <p>
                Moving from another tool?{' '}
                <button type="button" onClick={() => setTab('export')}>
                  Import a backup or BibTeX file
                </button>
              </p>
            </div>
          )}
          <div class="ps-papers-body">
            <PaperTable
              papers={rows}
              sort={sort}
              selected={selected}
              current={current}
              tagColors={settings.tagColors}
              onSort={sortBy}
              onSelect={onSelect}
              onOpen={setCurrent}
              onToggleStar={toggleStar}
            />
            {detail && (
              <PaperDetail
                paper={detail}
                starred={
                  (index?.get(detail.id) && lib.show(index.get(detail.id) as SnapEntry).starred) ?? detail.starred
                }
                onToggleStar={() => toggleStar(lib.show(index?.get(detail.id) ?? toSnapEntry(detail)))}
                suggestions={allTags}
                onClose={() => setCurrent(undefined)}
                onComplete={settings.completeMetadata ? () => complete({ ids: [detail.id] }) : undefined}
                onSimilar={settings.forYou ? () => setQuery(`like:${detail.id}`) : undefined}
                onSaveNote={(note) =>
                  run('Note', async () => {
                    await call('setNote', { id: detail.id, note });
                    return 'Note saved.';
                  })
                }
                onSetTags={(tg) =>
                  void call('changeTags', { id: detail.id, ...tagChange(detail.tags, tg) }).catch((e: Error) =>
                    say(e.message),
                  )
                }
                onCopyCitation={() =>
                  run('Copy', async () => {
                    const { bibtexEntry } = await import('../../lib/export/bibtex');
                    await navigator.clipboard.writeText(bibtexEntry(detail));
                    return 'BibTeX copied.';
                  })
                }
              />
            )}
          </div>
        </section>
      )}
      {tab === 'tags' && (
        <section id="ps-panel-tags" role="tabpanel" aria-labelledby="ps-tab-tags">
          <TagsPanel
            tags={tags}
            colors={settings.tagColors}
            onRename={(from, to) =>
              run('Rename', async () => {
                const r = await call('renameTag', { from, to });
                return `“${from}” is now “${to}” on ${r.changed} papers.`;
              })
            }
            onDelete={(tag) =>
              run('Delete tag', async () => {
                const r = await call('renameTag', { from: tag, to: '' });
                return `Removed “${tag}” from ${r.changed} papers. Undo brings it back.`;
              })
            }
            onColor={(tag, color) => {
              const next = { ...settings.tagColors };
              if (color) next[tag] = color;
              else delete next[tag];
              void onChangeSettings({ tagColors: next });
            }}
            onFilter={(tag) => {
              setQuery(tagOperator(tag));
              setTab('papers');
            }}
          />
          <button
            type="button"
            disabled={!canUndo}
            onClick={() =>
              run('Undo', async () => {
                const r = await call('undo', {});
                return `Undone: ${r.restored} papers restored.`;
              })
            }
          >
            {t('undo')}
          </button>
        </section>
      )}
      {tab === 'settings' && (
        <section id="ps-panel-settings" role="tabpanel" aria-labelledby="ps-tab-settings">
          <SettingsPanel
            settings={settings}
            sites={[
              ...FEED_SITES,
              ...grantedSites.map((g) => {
                const host = new URL(g.replace('/*', '/')).hostname;
                return { name: host.replace(/^www\./, ''), label: host };
              }),
            ]}
            bytesInUse={bytes}
            syncStatus={syncStatus}
            onChange={onChangeSettings}
            s2Allowed={s2Allowed}
            onAllowS2={onAllowS2}
            onCompleteStarred={() => complete({ starred: true })}
            onPruneNow={() =>
              run('Prune', async () => {
                const r = await call('prune', { keep: settings.pruneKeep, days: settings.pruneDays });
                return `Forgot ${r.deleted} papers of old history.`;
              })
            }
          />
        </section>
      )}
      {tab === 'export' && (
        <section id="ps-panel-export" role="tabpanel" aria-labelledby="ps-tab-export">
          <Tools results={selected.size ? [...selected] : rows.map((r) => r.id)} tags={allTags} />
        </section>
      )}
    </main>
  );
}

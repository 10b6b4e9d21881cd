import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { PaperList } from '../../components/PaperList';
import { createClient, type Envelope } from '../../lib/library/messages';
import { loadSnapshot, type StorageChanges, watchLibrary } from '../../lib/library/reader';
import type { SnapEntry } from '../../lib/library/schema';

const call = createClient((m: Envelope) => browser.runtime.sendMessage(m));

/** Starred first (most recently starred on top), then the most recently seen. */
function order(a: SnapEntry, b: SnapEntry): number {
  if (a.starred !== b.starred) return a.starred ? -1 : 1;
  if (a.starred) return (b.starredAt ?? '').localeCompare(a.starredAt ?? '');
  return (b.lastSeen ?? b.addedAt ?? '').localeCompare(a.lastSeen ?? a.addedAt ?? '');
}

export function App() {
  const [papers, setPapers] = useState<Map<string, SnapEntry> | undefined>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    loadSnapshot(browser.storage.local).then((s) => live && setPapers(s.papers));
    const stop = watchLibrary(browser.storage.onChanged as unknown as Parameters<typeof watchLibrary>[0], (change) =>
      setPapers((prev) => {
        const next = new Map(prev);
        for (const p of change.upserted) next.set(p.id, p);
        for (const id of change.removed) next.delete(id);
        return next;
      }),
    );
    return () => {
      live = false;
      stop();
    };
  }, []);

  const list = useMemo(() => (papers ? [...papers.values()].sort(order).slice(0, 200) : []), [papers]);

  const toggle = (p: SnapEntry) => {
    call('setStarred', { id: p.id, starred: !p.starred }).catch((e: Error) => setError(e.message));
  };

  return (
    <main class="ps-popup">
      <header class="ps-header">
        <h1>PaperShelf</h1>
        <span class="ps-count" aria-live="polite">
          {papers ? `${papers.size} papers` : 'Loading…'}
        </span>
      </header>
      {error && (
        <p role="alert" class="ps-error">
          {error}
        </p>
      )}
      {papers && (
        <PaperList papers={list} onToggleStar={toggle} emptyText="No papers yet: open a Hugging Face or arXiv feed." />
      )}
    </main>
  );
}

export type { StorageChanges };

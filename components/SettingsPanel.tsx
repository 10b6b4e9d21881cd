/** The library page's settings: where the overlay runs, keys, hide-seen, history pruning, sync, storage used. */
import type { SyncStatus } from '../lib/library/schema';
import type { Settings } from '../lib/library/settings';
import { formatCount } from './count';

export interface SettingsPanelProps {
  settings: Settings;
  /** Supported sites and the sites the user granted, by name. */
  sites: { name: string; label: string }[];
  /** Bytes of storage.local in use ('measuring' while asked; undefined where the browser cannot say). */
  bytesInUse: number | 'measuring' | undefined;
  syncStatus: SyncStatus | undefined;
  onChange(patch: Partial<Omit<Settings, 'v'>>): void;
  onPruneNow(): void;
  /** Whether Semantic Scholar's host is allowed, and asking for it (the browser's own prompt) or giving it back. */
  s2Allowed: boolean;
  onAllowS2(allow: boolean): void;
  onCompleteStarred(): void;
}

const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;

export function SettingsPanel({
  settings: s,
  sites,
  bytesInUse,
  syncStatus,
  onChange,
  onPruneNow,
  s2Allowed,
  onAllowS2,
  onCompleteStarred,
}: SettingsPanelProps) {
  const off = new Set(s.disabledSites);
  const num = (e: Event) => Math.max(0, Math.floor(Number((e.target as HTMLInputElement).value) || 0));
  return (
    <div class="ps-settings">
      <fieldset>
        <legend>On feed pages</legend>
        {sites.map((site) => (
          <label key={site.name}>
            <input
              type="checkbox"
              checked={!off.has(site.name)}
              onChange={(e) => {
                const on = (e.target as HTMLInputElement).checked;
                onChange({
                  disabledSites: on ? s.disabledSites.filter((x) => x !== site.name) : [...s.disabledSites, site.name],
                });
              }}
            />{' '}
            Show PaperShelf on {site.label}
          </label>
        ))}
        <label>
          <input
            type="checkbox"
            checked={s.shortcuts}
            onChange={(e) => onChange({ shortcuts: (e.target as HTMLInputElement).checked })}
          />{' '}
          Keyboard shortcuts on feed pages (j, k, s, t, x, r, m, ?)
        </label>
        <label>
          <input
            type="checkbox"
            checked={s.hideSeenByDefault}
            onChange={(e) => onChange({ hideSeenByDefault: (e.target as HTMLInputElement).checked })}
          />{' '}
          Hide papers I have seen before, by default
        </label>
        <label>
          "Hide seen" keeps in view{' '}
          <select
            value={s.hideSeenKeeps}
            onChange={(e) =>
              onChange({ hideSeenKeeps: (e.target as HTMLSelectElement).value as Settings['hideSeenKeeps'] })
            }
          >
            <option value="starred">starred papers</option>
            <option value="starred-tagged">starred or tagged papers</option>
            <option value="nothing">nothing (hide every seen paper)</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Complete metadata</legend>
        <p class="ps-muted">
          Listings often carry no abstract or venue. When you ask (a paper's details, or all starred papers below),
          PaperShelf looks them up: the arXiv ids of the papers concerned are sent to export.arxiv.org (abstracts and
          dates), their titles to dblp.org (the published venue, year and DOI) and, if you allow it, to
          api.semanticscholar.org. Nothing else is sent, and nothing at all unless you ask. What you or a page gave is
          never replaced.
        </p>
        <label>
          <input
            type="checkbox"
            checked={s.completeMetadata}
            onChange={(e) => onChange({ completeMetadata: (e.target as HTMLInputElement).checked })}
          />{' '}
          Complete metadata when I ask
        </label>
        <label>
          <input
            type="checkbox"
            checked={s2Allowed}
            disabled={!s.completeMetadata}
            onChange={(e) => onAllowS2((e.target as HTMLInputElement).checked)}
          />{' '}
          Also ask Semantic Scholar (api.semanticscholar.org)
        </label>
        <button type="button" disabled={!s.completeMetadata} onClick={onCompleteStarred}>
          Complete all starred papers
        </button>
      </fieldset>
      <fieldset>
        <legend>For you</legend>
        <p class="ps-muted">
          Ranks feeds, search results and similar papers by the papers you starred or tagged (and away from those you
          marked not interested), in this browser only: nothing is sent anywhere.
        </p>
        <label>
          <input
            type="checkbox"
            checked={s.forYou}
            onChange={(e) => onChange({ forYou: (e.target as HTMLInputElement).checked })}
          />{' '}
          For you: marks, "Sort: for you" on feeds, sort:foryou and similar papers
        </label>
      </fieldset>
      <fieldset>
        <legend>Reading history</legend>
        <p class="ps-muted">Starred, tagged and noted papers are always kept.</p>
        <label>
          Keep the most recent{' '}
          <input
            type="number"
            min={0}
            step={100}
            value={s.pruneKeep}
            onChange={(e) => onChange({ pruneKeep: num(e) })}
            aria-label="Papers of history to keep (0: all)"
          />{' '}
          other papers (0: all)
        </label>
        <label>
          Forget papers last seen more than{' '}
          <input
            type="number"
            min={0}
            step={30}
            value={s.pruneDays}
            onChange={(e) => onChange({ pruneDays: num(e) })}
            aria-label="Days of history to keep (0: forever)"
          />{' '}
          days ago (0: never)
        </label>
        <button type="button" disabled={!s.pruneKeep && !s.pruneDays} onClick={onPruneNow}>
          Apply now
        </button>
      </fieldset>
      <fieldset>
        <legend>Sync</legend>
        <label>
          <input
            type="checkbox"
            checked={s.sync}
            onChange={(e) => onChange({ sync: (e.target as HTMLInputElement).checked })}
          />{' '}
          Sync stars, tags and notes through my browser account
        </label>
        <p class="ps-muted" aria-live="polite">
          {!s.sync
            ? 'Off. Nothing leaves this browser.'
            : syncStatus?.error
              ? `Last sync failed: ${syncStatus.error}`
              : syncStatus
                ? `${formatCount(syncStatus.synced)} paper${syncStatus.synced === 1 ? '' : 's'} synced${syncStatus.omitted ? `; ${formatCount(syncStatus.omitted)} older ones did not fit in the browser's sync space` : ''} (${syncStatus.at.slice(0, 16).replace('T', ' ')}).`
                : 'Waiting for the first sync…'}
        </p>
      </fieldset>
      <p class="ps-muted" aria-live="polite">
        Storage used:{' '}
        {bytesInUse === undefined ? 'unknown' : bytesInUse === 'measuring' ? 'measuring…' : mb(bytesInUse)}
      </p>
    </div>
  );
}

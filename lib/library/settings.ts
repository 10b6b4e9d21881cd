/**
 * The settings, declared once (issue 13): each field's checker and default. The stored shape's type, the reader
 * (a damaged or missing field reads as its default), the defaults and the check of a `setSettings` patch all come
 * from this one table.
 */
import { LIMITS } from './schema';
import { arr, bool, type Check, isPlainObject, literal, num, obj, opt, ShapeError, str } from './validate';

const int =
  (max: number): Check<number> =>
  (v, path) => {
    const n = num(0, max)(v, path);
    if (!Number.isInteger(n)) throw new ShapeError(path, 'expected a whole number');
    return n;
  };

const tagColors: Check<Record<string, string>> = (v, path) => {
  if (!isPlainObject(v)) throw new ShapeError(path, 'expected an object of tag colours');
  const entries = Object.entries(v);
  if (entries.length > 1_000) throw new ShapeError(path, 'too many tag colours');
  for (const [k, c] of entries) {
    // A colour's key is a tag: a tag's limits.
    if (!k || k.length > LIMITS.tag || typeof c !== 'string' || !/^#[0-9a-f]{6}$/i.test(c)) {
      throw new ShapeError(`${path}.${k.slice(0, 40)}`, 'expected a tag and a colour like #b8860b');
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
};

/** Every setting: its checker and its default. */
const FIELDS = {
  overlay: [bool, true],
  shortcuts: [bool, true],
  hideSeenByDefault: [bool, false],
  /** The feed page bar, collapsed (kept across pages and reloads). */
  barCollapsed: [bool, false],
  /** What "Hide seen" keeps in view whatever: starred papers (default), starred or tagged ones, or nothing. */
  hideSeenKeeps: [
    literal('starred', 'starred-tagged', 'nothing'),
    'starred' as 'starred' | 'starred-tagged' | 'nothing',
  ],
  /** A JSON backup downloaded every week (off by default; needs the optional downloads permission). */
  backupWeekly: [bool, false],
  /** Sites (`hf`, `arxiv`, `scholar`, or a granted site's host) where the overlay stays off. */
  disabledSites: [arr(str(253, { min: 1 }), 200), [] as string[]],
  /** Forget unstarred, untagged, note-less papers beyond this many most recent (0: keep all). */
  pruneKeep: [int(10_000_000), 0],
  /** … and those last seen more than this many days ago (0: keep forever). */
  pruneDays: [int(100_000), 0],
  /** Sync stars, tags and notes through the browser account's storage.sync (off by default). */
  sync: [bool, false],
  /** "Complete metadata" (issue 15): off until the user turns it on; runs only when asked (lib/enrich). */
  completeMetadata: [bool, false],
  /** "For you" (issue 16): feeds, the popup and the library page ranked by the user's own liked papers, in the
   * browser. On by default; off hides every for-you control and mark. */
  forYou: [bool, true],
  /** A colour per tag (#rrggbb), shown on its chips. */
  tagColors: [tagColors, {} as Record<string, string>],
} as const;

type Spec = typeof FIELDS;
type Key = keyof Spec;
export type SettingsFields = { [K in Key]: ReturnType<Spec[K][0]> };

export type Settings = SettingsFields & {
  v: 1;
  /** When the weekly backup last ran (written by the background, not a patch). */
  lastBackup?: string;
};

const KEYS = Object.keys(FIELDS) as Key[];

export const DEFAULT_SETTINGS: Settings = {
  v: 1,
  ...(Object.fromEntries(KEYS.map((k) => [k, structuredClone(FIELDS[k][1])])) as SettingsFields),
};

/** Reads stored settings: each field that does not pass its check reads as its default. */
export function readSettings(raw: unknown): Settings {
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  if (!isPlainObject(raw)) return s;
  for (const k of KEYS) {
    const value = raw[k];
    if (value === undefined) continue;
    const check = FIELDS[k][0] as Check<unknown>;
    const passes = (v: unknown) => {
      try {
        check(v, k);
        return true;
      } catch {
        return false;
      }
    };
    if (passes(value)) (s as Record<Key, unknown>)[k] = check(value, k);
    // A list or a map keeps its good items (one damaged site or colour does not cost the others).
    else if (Array.isArray(value) && Array.isArray(FIELDS[k][1]))
      (s as Record<Key, unknown>)[k] = value.filter((x) => passes([x]));
    else if (isPlainObject(value) && isPlainObject(FIELDS[k][1]))
      (s as Record<Key, unknown>)[k] = Object.fromEntries(Object.entries(value).filter(([a, b]) => passes({ [a]: b })));
    // anything else damaged: the default stands
  }
  if (typeof raw.lastBackup === 'string') s.lastBackup = raw.lastBackup;
  return s;
}

/** The check of a `setSettings` patch: any of the fields, each by its own checker. */
export const checkSettingsPatch = obj(
  Object.fromEntries(KEYS.map((k) => [k, opt(FIELDS[k][0] as Check<unknown>)])) as {
    [K in Key]: Check<SettingsFields[K] | undefined>;
  },
) as Check<Partial<SettingsFields>>;

/** What a feed page's overlay needs of the settings: all the background tells it (messages.ts `feedSettings`). */
const FEED_KEYS = [
  'overlay',
  'shortcuts',
  'hideSeenByDefault',
  'hideSeenKeeps',
  'barCollapsed',
  'tagColors',
  'forYou',
  'disabledSites',
] as const satisfies readonly Key[];

export type FeedSettings = Pick<Settings, (typeof FEED_KEYS)[number]>;

export function feedSettingsOf(s: Settings): FeedSettings {
  return Object.fromEntries(FEED_KEYS.map((k) => [k, s[k]])) as FeedSettings;
}

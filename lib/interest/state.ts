/**
 * The for-you model's persisted state (issue 16), kept by the background and changed one paper at a time: the
 * words of every liked paper (starred or tagged), of every dismissed one, and of the papers seen most recently that
 * the user neither liked nor dismissed (the background: the BACKGROUND_SIZE papers last on screen on a feed and let
 * pass; a newly seen paper enters, the oldest leaves), the document frequencies over all of them, and
 * per liked set (all, or one tag) the trained model, retrained from the kept words with a warm start after a change.
 * Nothing here reads storage or the network.
 */
import { type Counted, DEFAULT_PARAMS, type InterestModel, trainModel } from './model';
import { type Doc, docTerms, type TermCounts } from './text';
import { DocFreq } from './vectors';

export const INTEREST_VERSION = 1;
/** Fewer liked papers than this rank nothing (the page says so). */
export const MIN_LIKED = 5;
/** The background sample's size. */
export const BACKGROUND_SIZE = 600;
/** Liked (and dismissed) papers kept: the most recent; an older star beyond this still counts everywhere else, not
 * for the model (its words would change little, and a state of every star in a 100,000-paper library costs memory). */
export const MAX_LIKED = 2_000;

export type Kind = 'liked' | 'disliked' | 'background';

/** A kept paper: a model's training paper (its words, and the same by number once a model numbered them). */
interface Member extends Counted {
  id: string;
  title: string;
  kind: Kind;
  tags: string[];
  /** When starred (liked) or added (the others): the newest win a place when a list is full. */
  at: string;
}

function member(m: Omit<Member, 'doc'>): Member {
  const out = m as Member;
  out.doc = out;
  return out;
}

/** What the library tells about one paper: its state, and (when it is kept) its words' source. */
export interface PaperState {
  id: string;
  starred: boolean;
  tags: string[];
  dismissed: boolean;
  /** Really on screen on a feed once (the reading queue's "seen": Paper.viewedAt). */
  seen?: boolean;
  at?: string;
}

export interface StoredInterest {
  v: typeof INTEREST_VERSION;
  /** The library's write count this state reflects (lib/library/schema.ts LibraryMeta.seq). */
  seq: number;
  members: [id: string, title: string, kind: Kind, tags: string[], at: string, terms: [string, number][]][];
}

/** Whether a is newer than b (ties by id: deterministic). */
function newer(a: { at: string; id: string }, b: { at: string; id: string }): boolean {
  return a.at !== b.at ? a.at > b.at : a.id < b.id;
}

/** A library paper's (or snapshot entry's) for-you state. */
export function paperState(p: {
  id: string;
  starred: boolean;
  tags: string[];
  dismissedAt?: string;
  starredAt?: string;
  addedAt?: string;
  viewedAt?: string;
}): PaperState {
  return {
    id: p.id,
    starred: p.starred,
    tags: p.tags,
    dismissed: !!p.dismissedAt,
    seen: !!p.viewedAt,
    at: (p.starred ? p.starredAt : undefined) ?? p.viewedAt ?? p.addedAt ?? '',
  };
}

/**
 * A paper's part in the model: liked (starred or tagged), disliked (not interested), background (seen on a feed and
 * let pass), or none: a paper merely listed, never on screen, says nothing yet. (A feed being ranked is new: its
 * papers are not negatives against themselves.)
 */
export function kindOf(p: PaperState): Kind | undefined {
  if (p.dismissed) return 'disliked';
  if (p.starred || p.tags.length) return 'liked';
  return p.seen ? 'background' : undefined;
}

export type Ranked = { model: InterestModel; liked: number } | { model?: undefined; liked: number };

export class InterestState {
  seq = -1;
  readonly members = new Map<string, Member>();
  readonly freq = new DocFreq();
  private readonly models = new Map<string, InterestModel & { alpha?: Map<string, number> }>();
  private readonly warm = new Map<string, Map<string, number>>();
  private stale = new Set<string>();
  /** The background's size and its oldest member, counted again after a change. */
  private bg: { count: number; oldest: Member | undefined } | undefined;

  get size(): Record<Kind, number> {
    const out = { liked: 0, disliked: 0, background: 0 };
    for (const m of this.members.values()) out[m.kind]++;
    return out;
  }

  /** Whether a paper in this state would be kept: liked and dismissed papers always, others when sampled. */
  wants(p: PaperState): boolean {
    const kind = kindOf(p);
    if (kind === undefined) return false;
    if (kind !== 'background') return true;
    if (this.members.get(p.id)?.kind === 'background') return true;
    if (!this.bg) {
      let count = 0;
      let oldest: Member | undefined;
      for (const m of this.members.values()) {
        if (m.kind !== 'background') continue;
        count++;
        if (!oldest || newer(oldest, m)) oldest = m;
      }
      this.bg = { count, oldest };
    }
    return this.bg.count < BACKGROUND_SIZE || !this.bg.oldest || newer({ id: p.id, at: p.at ?? '' }, this.bg.oldest);
  }

  /** Keeps (or moves) one paper; its words are counted once, when it enters. Returns whether anything changed. */
  put(p: PaperState, doc: Doc | undefined): boolean {
    const kind = kindOf(p);
    const before = this.members.get(p.id);
    if (kind === undefined) return before ? this.remove(p.id) : false;
    if (before && before.kind === kind && before.tags.join('\n') === p.tags.join('\n')) return false;
    if (!before && (!doc || !this.wants(p))) return false;
    const terms = before?.terms ?? docTerms(doc as Doc);
    if (!before) this.freq.add(terms);
    this.members.set(
      p.id,
      member({
        id: p.id,
        title: before?.title ?? (doc as Doc).title,
        kind,
        tags: [...p.tags],
        at: p.at ?? before?.at ?? '',
        terms,
        sparse: before?.sparse,
      }),
    );
    if (kind === 'background') this.trimBackground();
    this.changed();
    return true;
  }

  /** Forgets a paper (deleted from the library). */
  remove(id: string): boolean {
    const m = this.members.get(id);
    if (!m) return false;
    this.members.delete(id);
    this.freq.add(m.terms, -1);
    this.changed();
    return true;
  }

  private trimBackground(): void {
    const bg = [...this.members.values()].filter((m) => m.kind === 'background');
    if (bg.length <= BACKGROUND_SIZE) return;
    bg.sort((a, b) => (newer(a, b) ? -1 : 1));
    for (const m of bg.slice(BACKGROUND_SIZE)) this.remove(m.id);
  }

  private changed(): void {
    this.bg = undefined;
    for (const key of this.models.keys()) this.stale.add(key);
  }

  /** The liked set: all liked papers, or those under one tag; the newest MAX_LIKED. */
  private liked(tag?: string): Member[] {
    const all = [...this.members.values()].filter(
      (m) => m.kind === 'liked' && (tag === undefined || m.tags.includes(tag)),
    );
    all.sort((a, b) => (newer(a, b) ? -1 : 1));
    return all.slice(0, MAX_LIKED);
  }

  /** The tags of the liked papers, sorted. */
  likedTags(): string[] {
    const tags = new Set<string>();
    for (const m of this.members.values()) if (m.kind === 'liked') for (const t of m.tags) tags.add(t);
    return [...tags].sort();
  }

  /** The model for all liked papers or for one tag's; none under MIN_LIKED liked papers. */
  model(tag?: string): Ranked {
    const key = tag === undefined ? '' : `#${tag}`;
    const liked = this.liked(tag);
    if (liked.length < MIN_LIKED) return { liked: liked.length };
    const cached = this.models.get(key);
    if (cached && !this.stale.has(key)) return { model: cached, liked: liked.length };
    // Newest first (the SVM learns from the newest liked and dismissed papers: DEFAULT_PARAMS.svmMax).
    const ofKind = (k: Kind) =>
      [...this.members.values()].filter((m) => m.kind === k).sort((a, b) => (newer(a, b) ? -1 : 1));
    // A tag's model: the user's other liked papers are not negatives (they are liked, just not this topic).
    const model = trainModel(liked, ofKind('disliked'), ofKind('background'), {
      params: DEFAULT_PARAMS,
      freq: this.freq,
      warm: this.warm.get(key),
    });
    if (model.alpha) this.warm.set(key, model.alpha);
    this.models.set(key, model);
    this.stale.delete(key);
    return { model, liked: liked.length };
  }

  toStored(): StoredInterest {
    return {
      v: INTEREST_VERSION,
      seq: this.seq,
      members: [...this.members.values()].map((m) => [m.id, m.title, m.kind, m.tags, m.at, [...m.terms]]),
    };
  }

  /** A stored state, or undefined when it is missing, of another version or damaged (the caller rebuilds). */
  static fromStored(raw: unknown): InterestState | undefined {
    if (typeof raw !== 'object' || raw === null) return undefined;
    const s = raw as Partial<StoredInterest>;
    if (s.v !== INTEREST_VERSION || typeof s.seq !== 'number' || !Array.isArray(s.members)) return undefined;
    const state = new InterestState();
    state.seq = s.seq;
    for (const m of s.members) {
      if (!Array.isArray(m) || m.length !== 6) return undefined;
      const [id, title, kind, tags, at, terms] = m;
      if (
        typeof id !== 'string' ||
        typeof title !== 'string' ||
        !['liked', 'disliked', 'background'].includes(kind) ||
        !Array.isArray(tags) ||
        !tags.every((t) => typeof t === 'string') ||
        typeof at !== 'string' ||
        !Array.isArray(terms) ||
        !terms.every((t) => Array.isArray(t) && typeof t[0] === 'string' && typeof t[1] === 'number' && t[1] > 0)
      )
        return undefined;
      const counts: TermCounts = new Map(terms);
      state.members.set(id, member({ id, title, kind, tags, at, terms: counts }));
      state.freq.add(counts);
    }
    return state;
  }
}

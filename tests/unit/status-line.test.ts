// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STATUS_MS, UNDOABLE_STATUS_MS, useStatusLine } from '../../components/status-line';

/** The library page's status line, rendered: its text, and " [Undo]" when it offers Undo. */
function mount() {
  const root = document.createElement('div');
  document.body.append(root);
  let say: (text: string, undoable?: boolean) => void = () => undefined;
  const Line = () => {
    const line = useStatusLine();
    say = line.say;
    return h('p', null, line.text, line.undoable ? ' [Undo]' : '');
  };
  render(h(Line, null), root);
  return { say: (text: string, undoable?: boolean) => say(text, undoable), text: () => root.textContent };
}

const FRAME = 50;

describe('status line', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    // The page's next frame (Preact runs effects, and so cancels an older message's timer, after it) comes FRAME ms
    // later: a page busy with a long task (a large change arriving) paints late.
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) =>
      setTimeout(() => cb(performance.now()), FRAME),
    );
    vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it('a message goes after its time; one offering Undo stays longer', async () => {
    const line = mount();
    line.say('Settings saved.');
    await vi.advanceTimersByTimeAsync(STATUS_MS - 200);
    expect(line.text()).toBe('Settings saved.');
    await vi.advanceTimersByTimeAsync(400);
    expect(line.text()).toBe('');
    line.say('Deleted 3 papers.', true);
    await vi.advanceTimersByTimeAsync(STATUS_MS + 200);
    expect(line.text()).toBe('Deleted 3 papers. [Undo]');
    await vi.advanceTimersByTimeAsync(UNDOABLE_STATUS_MS - STATUS_MS);
    expect(line.text()).toBe('');
  });

  it('a message said as the one before runs out stays its full time (the older timer does not clear it)', async () => {
    const line = mount();
    line.say('Settings saved.');
    await vi.advanceTimersByTimeAsync(FRAME); // its timer is set
    await vi.advanceTimersByTimeAsync(STATUS_MS - 20);
    // The answer to a slow delete comes 20 ms before the older message's time is up: that timer fires before the
    // frame after this message, whose effects would cancel it.
    line.say('Deleted 1112 papers.', true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(line.text()).toBe('Deleted 1112 papers. [Undo]');
    await vi.advanceTimersByTimeAsync(UNDOABLE_STATUS_MS - 2_000);
    expect(line.text()).toBe('Deleted 1112 papers. [Undo]');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(line.text()).toBe('');
  });

  it('a message that does not offer Undo does not keep the Undo of the one before', async () => {
    const line = mount();
    line.say('Deleted 3 papers.', true);
    await vi.advanceTimersByTimeAsync(100);
    line.say('Completing metadata…');
    await vi.advanceTimersByTimeAsync(100);
    expect(line.text()).toBe('Completing metadata…');
  });
});
